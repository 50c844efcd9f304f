namespace Docent.Tests.Architecture;

/// <summary>
/// Which folders (namespaces under a root) of an assembly may use which others, and the check that finds every type
/// that breaks the rule. The declared arrows must form no cycle; a folder nobody declared is itself a violation, so a
/// new folder gets its place in the picture before it gets code. Immutable; thread-safe.
/// </summary>
internal sealed class FolderRules
{
    private readonly string _root;
    private readonly IReadOnlyDictionary<string, IReadOnlySet<string>> _allowed;

    /// <param name="root">The namespace the folders sit under, e.g. "Docent".</param>
    /// <param name="allowed">Each folder (namespace relative to the root, e.g. "Answering.Extractive") and the folders it may use.</param>
    public FolderRules(string root, IReadOnlyDictionary<string, string[]> allowed)
    {
        _root = root;
        _allowed = allowed.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<string>)kv.Value.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var unknown = allowed.SelectMany(kv => kv.Value.Where(v => !allowed.ContainsKey(v)).Select(v => $"{kv.Key} → {v}")).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Arrows to undeclared folders: {string.Join(", ", unknown)}.");
        }
    }

    /// <summary>A cycle among the declared arrows, as "A → B → A"; null when there is none.</summary>
    public string? FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        string? Visit(string folder)
        {
            state[folder] = 1;
            path.Add(folder);
            foreach (var next in _allowed[folder].Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return string.Join(" → ", path.SkipWhile(f => f != next).Append(next));
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[folder] = 2;
            return null;
        }

        return _allowed.Keys.Order(StringComparer.Ordinal).Where(f => state.GetValueOrDefault(f) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }

    /// <summary>Every use of a type in another folder that the rules do not allow, naming both types; empty when the assembly keeps them.</summary>
    public IReadOnlyList<string> FindViolations(IReadOnlyDictionary<string, IReadOnlySet<string>> dependencies)
    {
        var violations = new List<string>();
        foreach (var (type, used) in dependencies.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (FolderOf(type) is not { } folder)
            {
                continue;
            }

            if (!_allowed.TryGetValue(folder, out var allowed))
            {
                violations.Add($"{type} is in folder {folder}, which the architecture rules do not declare.");
                continue;
            }

            foreach (var other in used.Order(StringComparer.Ordinal))
            {
                if (FolderOf(other) is { } otherFolder && otherFolder != folder && !allowed.Contains(otherFolder))
                {
                    violations.Add($"{type} uses {other}: {folder} may not depend on {otherFolder}.");
                }
            }
        }

        return violations;
    }

    private string? FolderOf(string typeName)
    {
        var ns = typeName.LastIndexOf('.') is var dot and > 0 ? typeName[..dot] : "";
        return ns.StartsWith(_root + ".", StringComparison.Ordinal) ? ns[(_root.Length + 1)..] : null;
    }
}
