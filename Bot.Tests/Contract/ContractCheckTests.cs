using System.Text.Json.Nodes;
using LicenseBot.Tools.ContractCheck;

namespace LicenseBot.Tests.Contract;

/// <summary>
/// tools/ContractCheck, which CI runs against Cisco's official specs, on a small spec written here: it accepts a
/// contract that agrees and reports every kind of difference, so a real difference cannot pass CI unnoticed.
/// </summary>
public sealed class ContractCheckTests
{
    private const string Spec = """
    {
      "openapi": "3.0.0",
      "paths": {
        "/people/{personId}": {
          "get": {
            "parameters": [ { "name": "personId", "in": "path", "schema": { "type": "string" } },
                            { "$ref": "#/components/parameters/callingData" } ],
            "responses": { "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Person" } } } } }
          }
        },
        "/licenses/users": {
          "patch": {
            "requestBody": { "content": { "application/json": { "schema": { "type": "object", "properties": { "personId": { "type": "string" } } } } } },
            "responses": {
              "200": { "content": { "application/json": { "schema": { "type": "object", "properties": { "licenses": { "type": "array", "items": { "type": "string" } } } } } } },
              "400": { "content": { "application/json": { "examples": { "a": { "value": { "errors": [ { "errorCode": 400411 } ] } } } } } }
            }
          }
        }
      },
      "components": {
        "parameters": { "callingData": { "name": "callingData", "in": "query", "schema": { "type": "boolean" } } },
        "schemas": {
          "Person": { "allOf": [ { "$ref": "#/components/schemas/Base" },
                                 { "type": "object", "properties": { "status": { "type": "string", "enum": ["active", "pending"] },
                                                                     "phoneNumbers": { "type": "array", "items": { "type": "object", "properties": { "value": { "type": "string" } } } } } } ] },
          "Base": { "type": "object", "properties": { "id": { "type": "string" } } }
        }
      }
    }
    """;

    private static JsonObject Contract() => JsonNode.Parse("""
    {
      "operations": [
        { "method": "GET", "path": "/people/{personId}", "officialSpec": "spec.json", "query": { "callingData": "boolean" },
          "responses": { "200": { "$ref": "#/schemas/Person" } } },
        { "method": "PATCH", "path": "/licenses/users", "officialSpec": "spec.json",
          "request": { "contentType": "application/json", "schema": { "type": "object", "properties": { "personId": { "type": "string" } } } },
          "responses": { "200": { "type": "object", "properties": { "licenses": { "type": "array", "items": { "type": "string" } } } } },
          "errorCodes": { "400": [400411] } },
        { "method": "POST", "path": "/access_token", "officialSpec": null, "responses": {} }
      ],
      "schemas": {
        "Person": { "type": "object", "properties": { "id": { "type": "string" }, "status": { "type": "string", "enum": ["active"] },
                                                      "phoneNumbers": { "type": "array", "items": { "type": "object", "properties": { "value": { "type": "string" } } } } } }
      }
    }
    """)!.AsObject();

    private static ContractReport Check(JsonObject contract) => ContractComparer.Compare(contract, file => file == "spec.json" ? JsonNode.Parse(Spec) : null);

    [Fact]
    public void A_contract_that_agrees_passes()
    {
        var report = Check(Contract());

        Assert.Empty(report.Failures);
        Assert.Equal(2, report.OperationsChecked);
        Assert.Equal(1, report.OperationsWithoutSpec);
    }

    public static TheoryData<string, Action<JsonObject>, string> Differences => new()
    {
        { "a field the spec lacks", c => Person(c)["properties"]!["nickName"] = new JsonObject { ["type"] = "string" }, "response 200: nickName: not in the official spec" },
        { "a field of another type", c => Person(c)["properties"]!["id"]!["type"] = "number", "response 200: id: type number here, string in the official spec" },
        { "a nested field the spec lacks", c => Person(c)["properties"]!["phoneNumbers"]!["items"]!["properties"]!["kind"] = new JsonObject { ["type"] = "string" }, "response 200: phoneNumbers[].kind: not in the official spec" },
        { "an enum value the spec lacks", c => Person(c)["properties"]!["status"]!["enum"]!.AsArray().Add("gone"), "response 200: status: enum values \"gone\"" },
        { "a query parameter the spec lacks", c => Op(c, 0)["query"]!["max"] = "number", "query max: not a query parameter" },
        { "a query parameter of another type", c => Op(c, 0)["query"]!["callingData"] = "string", "query callingData: type string here, boolean" },
        { "a path the spec lacks", c => Op(c, 0)["path"] = "/persons/{personId}", "operation: spec.json has no GET /persons/{personId}" },
        { "a method the spec lacks", c => Op(c, 1)["method"] = "PUT", "operation: spec.json has no PUT /licenses/users" },
        { "a request field the spec lacks", c => Op(c, 1)["request"]!["schema"]!["properties"]!["email"] = new JsonObject { ["type"] = "string" }, "request: email: not in the official spec" },
        { "a status the spec does not document", c => Op(c, 1)["responses"]!["206"] = new JsonObject { ["type"] = "object" }, "response 206: status not documented" },
        { "an error code the spec does not list", c => Op(c, 1)["errorCodes"]!["400"]!.AsArray().Add(400999), "errorCodes 400 400999: not among the error codes" },
        { "a deviation that no longer differs", c => Op(c, 0)["specDeviations"] = new JsonObject { ["response 200: id"] = "once differed" }, "response 200: id: listed in specDeviations but agrees" },
    };

    [Theory]
    [MemberData(nameof(Differences))]
    public void Every_kind_of_difference_fails(string what, Action<JsonObject> change, string expected)
    {
        var contract = Contract();
        change(contract);

        var report = Check(contract);

        Assert.True(report.Failures.Any(f => f.Contains(expected, StringComparison.Ordinal)), $"{what}: expected a failure containing '{expected}', got: {string.Join(" | ", report.Failures)}");
    }

    [Fact]
    public void A_difference_listed_with_its_reason_is_reported_as_known_not_as_a_failure()
    {
        var contract = Contract();
        Person(contract)["properties"]!["nickName"] = new JsonObject { ["type"] = "string" };
        Op(contract, 0)["specDeviations"] = new JsonObject { ["response 200: nickName"] = "Webex sends it; the spec forgot it." };

        var report = Check(contract);

        Assert.Empty(report.Failures);
        Assert.Contains(report.KnownDeviations, k => k.Contains("nickName", StringComparison.Ordinal) && k.Contains("the spec forgot it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_spec_file_fails()
    {
        var contract = Contract();
        Op(contract, 0)["officialSpec"] = "other.json";

        Assert.Contains(Check(contract).Failures, f => f.Contains("the official spec other.json is missing", StringComparison.Ordinal));
    }

    private static JsonObject Person(JsonObject contract) => contract["schemas"]!["Person"]!.AsObject();

    private static JsonObject Op(JsonObject contract, int index) => contract["operations"]![index]!.AsObject();
}
