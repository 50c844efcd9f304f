using Docent.Models;
using Docent.Models.Onnx;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Lends <c>services.AddDocent()</c> and the Docent server the ONNX runtime: <c>services.AddDocentOnnx()</c>. Static.</summary>
public static class OnnxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="OnnxModelProvider"/> as the <see cref="ILocalModelProvider"/>, so collections run the built-in
    /// embedding model (all-MiniLM-L6-v2, shipped in this package) and hybrid retrieval, and ONNX rerankers the settings name.
    /// </summary>
    public static IServiceCollection AddDocentOnnx(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ILocalModelProvider>(new OnnxModelProvider());
        return services;
    }
}
