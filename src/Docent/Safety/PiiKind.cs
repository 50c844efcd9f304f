namespace Docent.Safety;

/// <summary>The kinds of personal data <see cref="PiiDetector"/> finds.</summary>
public enum PiiKind
{
    Email,
    Phone,
    Iban,
    CardNumber,
    NationalId,
}
