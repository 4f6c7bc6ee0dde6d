using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers;

/// <summary>
/// One immutable link of the bound context: what one scope bound, on top of the link that was current when it
/// was bound. The merged <see cref="Properties"/> are computed once, when the link is made, so the enricher
/// only walks an array and a captured binding is a single reference.
/// </summary>
internal sealed class ContextBinding
{
    private ContextBinding(ContextBinding? parent, LogEventProperty[] own, bool hidesParent, object owner)
    {
        Parent = parent;
        Own = own;
        HidesParent = hidesParent;
        Owner = owner;
        Properties = Merge(hidesParent ? null : parent, own);
    }

    public ContextBinding? Parent { get; }

    /// <summary>What this link's scope bound itself; kept so the chain can be rebuilt without one link.</summary>
    public LogEventProperty[] Own { get; }

    /// <summary>True for a <see cref="FapilogContext.Clear"/> link: nothing from below shows through.</summary>
    public bool HidesParent { get; }

    /// <summary>The scope that made this link. Identity survives a rebuild, link objects do not.</summary>
    public object Owner { get; }

    /// <summary>Everything bound at this point, innermost value first for each name, names unique.</summary>
    public LogEventProperty[] Properties { get; }

    public static ContextBinding Push(ContextBinding? parent, LogEventProperty[] own, bool hidesParent, object owner)
        => new(parent, own, hidesParent, owner);

    /// <summary>
    /// The chain <paramref name="current"/> without the link made by <paramref name="owner"/>. Links above it
    /// (scopes still open inside it, when scopes are disposed out of order) are re-applied unchanged.
    /// </summary>
    public static ContextBinding? Remove(ContextBinding? current, object owner, out bool found)
    {
        List<ContextBinding>? above = null;
        var node = current;
        while (node is not null && !ReferenceEquals(node.Owner, owner))
        {
            (above ??= new List<ContextBinding>()).Add(node);
            node = node.Parent;
        }

        found = node is not null;
        if (node is null)
        {
            return current;
        }

        var rebuilt = node.Parent;
        if (above is not null)
        {
            for (int i = above.Count - 1; i >= 0; i--)
            {
                rebuilt = Push(rebuilt, above[i].Own, above[i].HidesParent, above[i].Owner);
            }
        }

        return rebuilt;
    }

    private static LogEventProperty[] Merge(ContextBinding? parent, LogEventProperty[] own)
    {
        var inherited = parent?.Properties ?? Array.Empty<LogEventProperty>();
        if (inherited.Length == 0)
        {
            return own;
        }

        var merged = new List<LogEventProperty>(own.Length + inherited.Length);
        merged.AddRange(own);
        foreach (var property in inherited)
        {
            if (IndexOf(own, property.Name) < 0)
            {
                merged.Add(property);
            }
        }

        return merged.ToArray();
    }

    internal static int IndexOf(LogEventProperty[] properties, string name)
    {
        for (int i = 0; i < properties.Length; i++)
        {
            if (string.Equals(properties[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
