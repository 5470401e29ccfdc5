namespace LicenseBot.Sandbox;

/// <summary>The simulator on its own, no bot inside (docs/sandbox.md, "Running it on its own").</summary>
public static class SandboxProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddWebexSandbox();
        var app = builder.Build();
        app.MapWebexSandbox();
        await app.RunAsync();
        return 0;
    }
}
