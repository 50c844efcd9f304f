namespace Docent.Documents.Ocr;

/// <summary>Splits and checks Tesseract language strings ("eng+deu"): codes of letters, digits and '_' joined by '+'. Stateless.</summary>
internal static class OcrLanguages
{
    public static IReadOnlyList<string> Split(string languages) =>
        languages.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool IsValid(string? languages) =>
        !string.IsNullOrWhiteSpace(languages) && languages.Length <= 200
        && languages.Split('+').All(code => code.Length is > 0 and <= 40 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));
}
