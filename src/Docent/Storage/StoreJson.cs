using System.Text.Json.Serialization;

namespace Docent.Storage;

/// <summary>Source-generated JSON for the small lists and records the store keeps in text columns.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(DocumentQuality))]
internal sealed partial class StoreJson : JsonSerializerContext;
