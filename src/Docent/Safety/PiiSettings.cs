namespace Docent.Safety;

/// <summary>
/// The personal-data settings ("pii": { … } in settings.json, <c>DOCENT_PII__*</c>, <c>--set pii.x=…</c>): whether found
/// items are redacted in what is stored (<c>stored</c>), only in what leaves the engine (<c>answers</c>), or not looked for
/// (<c>off</c>, the default); which kinds; and whether a configured chat model finds person names. Plain options bound from
/// configuration; call <see cref="Validate"/> before use.
/// </summary>
public sealed class PiiSettings
{
    /// <summary>The value of <see cref="Kinds"/> that selects every kind the detector finds.</summary>
    public const string AllKinds = "all";

    /// <summary>off (default), stored (redacted before chunking: never stored, indexed or embedded) or answers (redacted in output).</summary>
    public PiiRedactionMode Redact { get; set; } = PiiRedactionMode.Off;

    /// <summary>"all", or a comma-separated list of email, phone, iban, card, nationalId.</summary>
    public string Kinds { get; set; } = AllKinds;

    /// <summary>off (default) or model: the configured chat model lists person names at ingest (stored mode only).</summary>
    public PiiNameDetection Names { get; set; } = PiiNameDetection.Off;

    /// <summary>Whether anything is looked for.</summary>
    public bool IsEnabled => Redact != PiiRedactionMode.Off;

    /// <summary>The pattern kinds <see cref="Kinds"/> selects (names are <see cref="Names"/>'s).</summary>
    public IReadOnlySet<PiiKind> SelectedKinds => ParseKinds(Kinds);

    /// <summary>
    /// The settings as one line ("stored; kinds=email,phone; names=off"), recorded with each document so that a change
    /// re-reads it on the next ingest; null when off.
    /// </summary>
    public string? Policy => IsEnabled
        ? $"{Redact.ToString().ToLowerInvariant()}; kinds={string.Join(',', SelectedKinds.Order().Select(KindKey))}; names={Names.ToString().ToLowerInvariant()}"
        : null;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is wrong.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Redact))
        {
            throw new ArgumentException($"pii.redact is {(int)Redact}; it must be off, stored or answers.");
        }

        if (!Enum.IsDefined(Names))
        {
            throw new ArgumentException($"pii.names is {(int)Names}; it must be off or model.");
        }

        _ = ParseKinds(Kinds);
        if (Names == PiiNameDetection.Model && Redact != PiiRedactionMode.Stored)
        {
            throw new ArgumentException(
                $"pii.names is \"model\" and pii.redact is \"{Redact.ToString().ToLowerInvariant()}\": names are found by the chat model at ingest and " +
                "redacted in what is stored, so they need pii.redact \"stored\".");
        }
    }

    /// <summary>The key a kind is recorded and configured under: "email", "phone", "iban", "cardNumber", "nationalId", "name".</summary>
    public static string KindKey(PiiKind kind) => kind switch
    {
        PiiKind.Email => "email",
        PiiKind.Phone => "phone",
        PiiKind.Iban => "iban",
        PiiKind.CardNumber => "cardNumber",
        PiiKind.NationalId => "nationalId",
        PiiKind.Name => "name",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind recorded under <paramref name="key"/> (<see cref="KindKey"/>), or null for an unknown key.</summary>
    public static PiiKind? KindOf(string key) =>
        Enum.GetValues<PiiKind>().Select(k => (PiiKind?)k).FirstOrDefault(k => string.Equals(KindKey(k!.Value), key, StringComparison.OrdinalIgnoreCase));

    private static HashSet<PiiKind> ParseKinds(string? kinds)
    {
        if (string.IsNullOrWhiteSpace(kinds) || kinds.Trim().Equals(AllKinds, StringComparison.OrdinalIgnoreCase))
        {
            return [.. PiiDetector.PatternKinds];
        }

        var selected = new HashSet<PiiKind>();
        foreach (var part in kinds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var key = part.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
            PiiKind? kind = key.ToLowerInvariant() switch
            {
                "email" => PiiKind.Email,
                "phone" => PiiKind.Phone,
                "iban" => PiiKind.Iban,
                "card" or "cardnumber" => PiiKind.CardNumber,
                "nationalid" => PiiKind.NationalId,
                _ => null,
            };
            if (kind is null)
            {
                var hint = key.Equals("name", StringComparison.OrdinalIgnoreCase) || key.Equals("names", StringComparison.OrdinalIgnoreCase)
                    ? " (names are pii.names=model)"
                    : "";
                throw new ArgumentException($"pii.kinds names \"{part}\"{hint}; it must be \"all\" or a comma-separated list of email, phone, iban, card, nationalId.");
            }

            selected.Add(kind.Value);
        }

        if (selected.Count == 0)
        {
            throw new ArgumentException("pii.kinds is empty; give \"all\" or a comma-separated list of email, phone, iban, card, nationalId (or set pii.redact to off).");
        }

        return selected;
    }
}
