using LicenseBot.Core.Conversation;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Core.Features.Help;

public static class HelpServiceCollectionExtensions
{
    /// <summary>The <c>help</c> command: the commands this build implements, from the manifest. Needs <c>AddBotConversation</c>.</summary>
    public static IServiceCollection AddHelp(this IServiceCollection services) => services.AddDialog<HelpDialog>();
}
