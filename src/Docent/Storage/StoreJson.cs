using System.Text.Json.Serialization;

namespace Docent.Storage;

/// <summary>Source-generated JSON for the small lists the store keeps in text columns.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJson : JsonSerializerContext;
