using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Server.Tests.Security;

namespace Docent.Server.Tests;

/// <summary>
/// The OpenAPI document describes the API the server really serves: every operation has a summary, a description, a tag, a
/// success response and its error responses; the upload's multipart body is described; and real answers of the server —
/// successes and errors — match the schemas the document gives for them (no property the schema does not know, none it
/// requires missing, every value of the documented type). The API reference page is served from the server itself.
/// </summary>
public sealed class ApiDocumentationTests
{
    [Fact]
    public async Task EveryOperation_HasASummaryATagASuccessAndItsErrors()
    {
        await using var server = await ServerFixture.StartAsync();
        var document = await DocumentAsync(server);

        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 15, $"only {operations.Count} operations documented");
        foreach (var (route, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{route} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{route} has no description");
            Assert.NotEmpty(operation["tags"]!.AsArray());
            var statuses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
            Assert.Contains(statuses, s => s.StartsWith('2'));
            if (route != "GET /health")
            {
                Assert.Contains(statuses, s => s.StartsWith('4'));
            }

            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                Assert.False(string.IsNullOrWhiteSpace(response!["description"]?.GetValue<string>()), $"{route} {status} has no description");
                if (status != "204")
                {
                    Assert.True(response["content"] is JsonObject { Count: > 0 }, $"{route} {status} has no body schema");
                }
            }
        }

        var tags = document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        Assert.All(operations, o => Assert.Subset(tags, o.Operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToHashSet()));
        Assert.Equal("MIT", document["info"]!["license"]!["name"]!.GetValue<string>());
        Assert.Equal(DocentServer.ProductVersion, document["info"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheUploadBody_IsDescribedAsMultipartFiles()
    {
        await using var server = await ServerFixture.StartAsync();
        var document = await DocumentAsync(server);

        var body = document["paths"]!["/api/collections/{collection}/documents"]!["post"]!["requestBody"]!;
        var schema = body["content"]!["multipart/form-data"]!["schema"]!;
        Assert.Equal("binary", schema["properties"]!["files"]!["items"]!["format"]!.GetValue<string>());
        Assert.Equal("string", schema["properties"]!["access"]!["type"]!.GetValue<string>());
        Assert.Contains("files", schema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task RealAnswers_MatchTheirDocumentedSchemas()
    {
        await using var server = await ServerFixture.StartAsync(server: o => o.AdminKey = AuthorizationMatrixTests.AdminKey);
        using var admin = server.ClientWithKey(AuthorizationMatrixTests.AdminKey);
        using var anonymous = server.ClientWithKey(null);
        var document = await DocumentAsync(server);
        var checks = new List<(string Route, HttpResponseMessage Response)>();

        async Task Check(string route, Task<HttpResponseMessage> request) => checks.Add((route, await request));
        using (var form = new MultipartFormDataContent())
        {
            var file = Path.Combine(Docent.Tests.TestSupport.RepositoryPaths.Samples, "handbook", "leave-policy.docx");
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(file)), "files", "leave-policy.docx");
            form.Add(new ByteArrayContent([0x25, 0x50, 0x44, 0x46, 0x2d]), "files", "broken.pdf");
            await Check("POST /api/collections/{collection}/documents", admin.PostAsync("/api/collections/default/documents", form));
        }

        await Check("GET /health", anonymous.GetAsync("/health"));
        await Check("GET /api/collections", admin.GetAsync("/api/collections"));
        await Check("POST /api/collections", admin.PostAsJsonAsync("/api/collections", new { name = "spare" }));
        await Check("POST /api/collections", admin.PostAsJsonAsync("/api/collections", new { name = "Not A Name" }));
        await Check("GET /api/collections/{collection}/search", admin.GetAsync("/api/collections/default/search?q=annual%20leave&top=3"));
        await Check("GET /api/collections/{collection}/search", admin.GetAsync("/api/collections/nowhere/search?q=leave"));
        await Check("GET /api/collections/{collection}/search", anonymous.GetAsync("/api/collections/default/search?q=leave"));
        var asked = await admin.PostAsJsonAsync("/api/collections/default/ask", new { question = "How many days of annual leave do full-time employees receive?", newConversation = true });
        checks.Add(("POST /api/collections/{collection}/ask", asked));
        var conversation = (await asked.Content.ReadFromJsonAsync<JsonObject>())!["conversationId"]!.GetValue<string>();
        await Check("POST /api/collections/{collection}/ask", admin.PostAsJsonAsync("/api/collections/default/ask", new { question = "What colour is the moon's far side in the handbook?" }));
        await Check("GET /api/collections/{collection}/conversations/{id}", admin.GetAsync($"/api/collections/default/conversations/{conversation}"));
        await Check("GET /api/collections/{collection}/conversations", admin.GetAsync("/api/collections/default/conversations"));
        await Check("GET /api/collections/{collection}/conversations", admin.GetAsync("/api/collections/default/conversations?limit=0"));
        await Check("POST /api/collections/{collection}/feedback", admin.PostAsJsonAsync("/api/collections/default/feedback", new { rating = "up", conversationId = conversation, turn = 1 }));
        await Check("POST /api/collections/{collection}/feedback", admin.PostAsJsonAsync("/api/collections/default/feedback", new { rating = "sideways" }));
        var documents = await admin.GetAsync("/api/collections/default/documents");
        checks.Add(("GET /api/collections/{collection}/documents", documents));
        var id = (await documents.Content.ReadFromJsonAsync<JsonArray>())![0]!["id"]!.GetValue<string>();
        var hit = (await (await admin.GetAsync("/api/collections/default/search?q=annual%20leave&top=1")).Content.ReadFromJsonAsync<JsonObject>())!["results"]![0]!;
        await Check("GET /api/collections/{collection}/documents/{id}/passages/{chunkId}", admin.GetAsync($"/api/collections/default/documents/{hit["documentId"]}/passages/{hit["chunkId"]}"));
        await Check("GET /api/collections/{collection}/documents/{id}/passages/{chunkId}", admin.GetAsync($"/api/collections/default/documents/{hit["documentId"]}/passages/nope"));
        await Check("PUT /api/collections/{collection}/documents/{id}/access", admin.PutAsJsonAsync($"/api/collections/default/documents/{id}/access", new { principals = new[] { "group:hr" } }));
        await Check("GET /v1/models", admin.GetAsync("/v1/models"));
        await Check("GET /v1/models/{collection}", admin.GetAsync("/v1/models/default"));
        await Check("GET /v1/models/{collection}", admin.GetAsync("/v1/models/nowhere"));
        await Check("POST /v1/chat/completions", admin.PostAsJsonAsync("/v1/chat/completions", new { model = "default", messages = new[] { new { role = "user", content = "How many days of annual leave do full-time employees receive?" } } }));
        await Check("POST /v1/chat/completions", admin.PostAsJsonAsync("/v1/chat/completions", new { model = "default", messages = new[] { new { role = "user", content = "Leave?" } }, tools = new[] { new { type = "function" } } }));
        await Check("POST /v1/responses", admin.PostAsJsonAsync("/v1/responses", new { model = "default", input = "How many days of annual leave do full-time employees receive?" }));
        await Check("POST /v1/responses", admin.PostAsJsonAsync("/v1/responses", new { model = "default", input = "How many days of annual leave do full-time employees receive?", max_output_tokens = 5 }));
        await Check("POST /v1/embeddings", admin.PostAsJsonAsync("/v1/embeddings", new { model = "default", input = new[] { "annual leave", "sick leave" } }));
        await Check("POST /v1/embeddings", anonymous.PostAsJsonAsync("/v1/embeddings", new { model = "default", input = "leave" }));
        await Check("POST /api/keys", admin.PostAsJsonAsync("/api/keys", new { name = "reader", collections = "*", scopes = new[] { "read" } }));
        await Check("GET /api/keys", admin.GetAsync("/api/keys"));
        await Check("DELETE /api/keys/{name}", admin.DeleteAsync("/api/keys/nobody"));

        var problems = new List<string>();
        foreach (var (route, response) in checks)
        {
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (method, path) = (route[..route.IndexOf(' ')].ToLowerInvariant(), route[(route.IndexOf(' ') + 1)..]);
            var described = document["paths"]![path]?[method]?["responses"]?[status];
            if (described is null)
            {
                problems.Add($"{route} answered {status}, which the document does not list");
                continue;
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            var schema = described["content"]?[mediaType]?["schema"];
            if (schema is null)
            {
                problems.Add($"{route} {status} answered {mediaType}, which the document does not describe");
                continue;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            SchemaCheck.Conforms(body, schema.AsObject(), document, $"{route} {status}", problems);
        }

        Assert.Empty(problems);
        Assert.Contains(checks, c => c.Response.StatusCode == HttpStatusCode.Unauthorized);
        Assert.Contains(checks, c => c.Response.StatusCode == HttpStatusCode.NotFound);
        Assert.Contains(checks, c => c.Response.StatusCode == HttpStatusCode.Created);
    }

    [Fact]
    public async Task TheReferencePage_IsServedWithItsScriptsFromTheServer()
    {
        await using var server = await ServerFixture.StartAsync(server: o => o.AdminKey = AuthorizationMatrixTests.AdminKey);
        using var anonymous = server.ClientWithKey(null);

        var page = await anonymous.GetStringAsync("/api/reference/");
        Assert.Contains("scalar.js", page, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", page, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", page, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", page, StringComparison.Ordinal);
        using var script = await anonymous.GetAsync("/api/reference/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    private static async Task<JsonObject> DocumentAsync(ServerFixture server)
    {
        using var client = server.ClientWithKey(null);
        return (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
    }

    private static IEnumerable<(string Route, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where operation.Key is "get" or "post" or "put" or "delete" or "patch"
        select ($"{operation.Key.ToUpperInvariant()} {path.Key}", operation.Value!.AsObject());

    /// <summary>
    /// Checks a JSON value against an OpenAPI 3.1 schema, as far as this API uses schemas: $ref, type (or a list of types),
    /// oneOf/anyOf, object properties (unknown ones are reported unless additionalProperties allows them; required ones
    /// must be present) and array items.
    /// </summary>
    private static class SchemaCheck
    {
        public static void Conforms(JsonNode? value, JsonObject schema, JsonObject document, string at, List<string> problems)
        {
            schema = Resolve(schema, document);
            foreach (var combinator in new[] { "oneOf", "anyOf" })
            {
                if (schema[combinator] is JsonArray branches)
                {
                    if (!branches.Any(b => Passes(value, b!.AsObject(), document)))
                    {
                        problems.Add($"{at}: matches no branch of {combinator}: {value?.ToJsonString()}");
                    }

                    return;
                }
            }

            var types = schema["type"] switch
            {
                JsonArray list => list.Select(t => t!.GetValue<string>()).ToList(),
                JsonValue one => [one.GetValue<string>()],
                _ => [],
            };
            if (types.Count > 0 && !types.Any(t => IsOfType(value, t)))
            {
                problems.Add($"{at}: {value?.ToJsonString() ?? "null"} is not {string.Join(" or ", types)}");
                return;
            }

            if (value is JsonObject obj)
            {
                var properties = schema["properties"] as JsonObject;
                var open = schema["additionalProperties"] is JsonObject || schema["additionalProperties"] is JsonValue v && v.GetValue<bool>();
                foreach (var (name, child) in obj)
                {
                    if (properties?[name] is JsonObject property)
                    {
                        Conforms(child, property, document, $"{at}.{name}", problems);
                    }
                    else if (!open)
                    {
                        problems.Add($"{at}: property \"{name}\" is not in the schema");
                    }
                }

                foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
                {
                    if (!obj.ContainsKey(required))
                    {
                        problems.Add($"{at}: required property \"{required}\" is missing");
                    }
                }
            }
            else if (value is JsonArray array && schema["items"] is JsonObject items)
            {
                for (int i = 0; i < array.Count; i++)
                {
                    Conforms(array[i], items, document, $"{at}[{i}]", problems);
                }
            }
        }

        private static bool Passes(JsonNode? value, JsonObject schema, JsonObject document)
        {
            var found = new List<string>();
            Conforms(value, schema, document, "", found);
            return found.Count == 0;
        }

        private static JsonObject Resolve(JsonObject schema, JsonObject document)
        {
            while (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                var name = reference["#/components/schemas/".Length..];
                schema = document["components"]!["schemas"]![name]!.AsObject();
            }

            return schema;
        }

        private static bool IsOfType(JsonNode? value, string type) => type switch
        {
            "null" => value is null,
            "object" => value is JsonObject,
            "array" => value is JsonArray,
            "string" => value is JsonValue s && s.GetValueKind() == System.Text.Json.JsonValueKind.String,
            "boolean" => value is JsonValue b && b.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False,
            "integer" => value is JsonValue i && i.GetValueKind() == System.Text.Json.JsonValueKind.Number && decimal.IsInteger(i.GetValue<decimal>()),
            "number" => value is JsonValue n && n.GetValueKind() == System.Text.Json.JsonValueKind.Number,
            _ => true,
        };
    }
}
