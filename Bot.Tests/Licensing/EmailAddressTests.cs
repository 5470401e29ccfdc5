using LicenseBot.Core.Licensing;

namespace LicenseBot.Tests.Licensing;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("bob@acme.test", true)]
    [InlineData("first.last+tag@sub.acme.test", true)]
    [InlineData("bob", false)]
    [InlineData("bob@acme", false)]
    [InlineData("bob@@acme.test", false)]
    [InlineData("bob smith@acme.test", false)]
    [InlineData("", false)]
    public void Recognises_well_formed_addresses(string text, bool ok) => Assert.Equal(ok, EmailAddress.IsWellFormed(text));

    [Theory]
    [InlineData(" <bob@acme.test> ", "bob@acme.test")]
    [InlineData("mailto:bob@acme.test", "bob@acme.test")]
    public void Strips_what_chat_clients_wrap_around_addresses(string text, string clean) => Assert.Equal(clean, EmailAddress.Clean(text));
}
