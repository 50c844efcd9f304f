using Docent.Hosting;
using Docent.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Docent in an application's services: <c>services.AddDocent(o => o.DataDirectory = "…")</c>. Static.</summary>
public static class DocentServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DocentCollections"/> (the data folder's collections), <see cref="DocentServiceOptions"/> (configured by
    /// <paramref name="configure"/>, validated when the host starts) and, keyed <see cref="DocentServiceOptions.ServiceKey"/>
    /// ("docent"), the default collection as an <see cref="IChatClient"/>. An <see cref="ILocalModelProvider"/> in the services
    /// (Docent.Models.Onnx's <c>AddDocentOnnx()</c>) runs the built-in embedding model; without one retrieval is lexical.
    /// </summary>
    public static IServiceCollection AddDocent(this IServiceCollection services, Action<DocentServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DocentServiceOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DocentServiceOptions>, DocentServiceOptionsValidator>());
        services.TryAddSingleton(provider => new DocentCollections(
            provider.GetRequiredService<IOptions<DocentServiceOptions>>(), provider.GetService<ILoggerFactory>(), provider.GetService<ILocalModelProvider>()));
        services.TryAddKeyedSingleton<IChatClient>(DocentServiceOptions.ServiceKey, (provider, _) => provider.GetRequiredService<DocentCollections>().AsChatClient());
        return services;
    }
}
