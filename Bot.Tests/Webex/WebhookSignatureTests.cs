using System.Text;
using LicenseBot.Core.Webex;

namespace LicenseBot.Tests.Webex;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"WH1","data":{"id":"M1"}}""");

    [Fact]
    public void The_signature_is_lowercase_hex_HMAC_SHA1_of_the_raw_body()
    {
        // RFC 2202, HMAC-SHA-1 test case 2.
        Assert.Equal("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", WebhookSignature.Compute("Jefe", Encoding.UTF8.GetBytes("what do ya want for nothing?")));
    }

    [Fact]
    public void A_matching_signature_is_accepted_in_either_case()
    {
        var signature = WebhookSignature.Compute("s3cret", Body);
        Assert.True(WebhookSignature.IsValid("s3cret", Body, signature));
        Assert.True(WebhookSignature.IsValid("s3cret", Body, signature.ToUpperInvariant()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-hex-at-all-not-hex-at-all-not-hex-at")]
    [InlineData("abc")]
    public void Missing_or_malformed_signatures_are_refused(string? signature) =>
        Assert.False(WebhookSignature.IsValid("s3cret", Body, signature));

    [Fact]
    public void A_signature_for_another_body_or_secret_is_refused()
    {
        Assert.False(WebhookSignature.IsValid("s3cret", Body, WebhookSignature.Compute("other", Body)));
        Assert.False(WebhookSignature.IsValid("s3cret", Body, WebhookSignature.Compute("s3cret", Encoding.UTF8.GetBytes("{}"))));
        Assert.False(WebhookSignature.IsValid("", Body, WebhookSignature.Compute("", Body)));
    }
}
