using LicenseBot.Host.Sandbox;

var builder = WebApplication.CreateBuilder(args);
var sandbox = builder.AddWebexSandbox();
var app = builder.Build();
if (sandbox) app.MapWebexSandbox();
app.Run();
