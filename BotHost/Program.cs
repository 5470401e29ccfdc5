using LicenseBot.Host.Sandbox;

var builder = WebApplication.CreateBuilder(args);
var sandbox = builder.AddWebexSandbox();
var app = builder.Build();
if (sandbox) app.MapWebexSandbox();
if (sandbox) LicenseBot.Host.Endpoints.DevConsoleEndpoints.MapDevConsole(app);
app.Run();
