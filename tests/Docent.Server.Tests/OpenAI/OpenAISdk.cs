using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace Docent.Server.Tests.OpenAI;

/// <summary>An OpenAI SDK client whose requests go to a test server.</summary>
internal static class OpenAISdk
{
    public static OpenAIClient Client(ServerFixture server) => new(
        new ApiKeyCredential("x"),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(server.Client.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(server.Client),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
}
