using System.Text.Json.Nodes;

namespace LicenseBot.Tools.ContractCheck;

internal static class Program
{
    private static int Main(string[] args)
    {
        // dotnet run --project tools/ContractCheck -- <folder with webex-admin.json, webex-messaging.json> [contract file]
        if (args.Length is < 1 or > 2)
        {
            Console.Error.WriteLine("usage: ContractCheck <folder holding the official Webex OpenAPI specs> [contract/webex-operations.json]");
            return 2;
        }

        var specFolder = args[0];
        var contractPath = args.Length > 1 ? args[1] : Path.Combine("contract", "webex-operations.json");
        if (!Directory.Exists(specFolder))
        {
            Console.Error.WriteLine($"No folder {specFolder}.");
            return 2;
        }

        var contract = JsonNode.Parse(File.ReadAllText(contractPath)) ?? throw new InvalidDataException($"{contractPath} is empty.");
        var specs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        JsonNode? Spec(string file)
        {
            if (!specs.TryGetValue(file, out var doc))
            {
                var path = Path.Combine(specFolder, file);
                doc = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
                specs[file] = doc;
            }
            return doc;
        }

        var report = ContractComparer.Compare(contract, Spec);
        foreach (var known in report.KnownDeviations) Console.WriteLine($"known   {known}");
        foreach (var failure in report.Failures) Console.WriteLine($"DIFFERS {failure}");
        Console.WriteLine(report.Failures.Count == 0
            ? $"{contractPath}: {report.OperationsChecked} operations agree with the official specs in {specFolder} ({report.KnownDeviations.Count} known deviations, {report.OperationsWithoutSpec} operations not in the specs)."
            : $"{contractPath}: {report.Failures.Count} difference(s) from the official specs in {specFolder}.");
        return report.Failures.Count == 0 ? 0 : 1;
    }
}
