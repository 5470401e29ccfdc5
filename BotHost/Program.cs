using LicenseBot.Host;

// No Webex:BotToken → sandbox mode: a simulated Webex org in this process, the dev console at http://localhost:5080/.
await BotHostApp.Build(args).RunAsync();
