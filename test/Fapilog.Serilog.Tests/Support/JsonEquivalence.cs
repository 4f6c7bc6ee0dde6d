using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// Compares two parsed JSON values exactly: object members in order (duplicates kept), array elements in
/// order, strings by their decoded text, numbers by their token text (<c>1.50</c> is not <c>1.5</c>,
/// <c>1E+21</c> is not <c>1e21</c>). Escaping is the only freedom left: <c>"\u00e9"</c> equals <c>"é"</c>.
/// </summary>
internal static class JsonEquivalence
{
    /// <summary>Null when the values are the same; otherwise where and how the first difference shows.</summary>
    public static string? Difference(JsonElement expected, JsonElement actual, string path = "$")
        => Find(expected, actual) is { } found ? path + found : null;

    /// <summary>Two member lists, compared in order (names exactly, values as above).</summary>
    public static string? Difference(IReadOnlyList<KeyValuePair<string, JsonElement>> expected, IReadOnlyList<KeyValuePair<string, JsonElement>> actual, string path)
        => FindMembers(expected, actual) is { } found ? path + found : null;

    public static List<KeyValuePair<string, JsonElement>> Members(JsonElement element)
        => element.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value)).ToList();

    // The difference with its path below this value ("[2].Name: expected …"); paths are built only on the way
    // out of a difference, so equal values cost no strings.
    private static string? Find(JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return Mismatch(expected, actual);
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                return FindMembers(Members(expected), Members(actual));
            case JsonValueKind.Array:
                int expectedLength = expected.GetArrayLength();
                int actualLength = actual.GetArrayLength();
                if (expectedLength != actualLength)
                {
                    return $": expected {expectedLength} elements, got {actualLength}";
                }

                for (int i = 0; i < expectedLength; i++)
                {
                    if (Find(expected[i], actual[i]) is { } inner)
                    {
                        return $"[{i}]{inner}";
                    }
                }

                return null;
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : Mismatch(expected, actual);
            case JsonValueKind.Number:
                return expected.GetRawText() == actual.GetRawText() ? null : Mismatch(expected, actual);
            default:
                return null; // true, false, null: the kind is the value
        }
    }

    private static string? FindMembers(IReadOnlyList<KeyValuePair<string, JsonElement>> expected, IReadOnlyList<KeyValuePair<string, JsonElement>> actual)
    {
        for (int i = 0; i < expected.Count || i < actual.Count; i++)
        {
            if (i >= expected.Count)
            {
                return $": unexpected member \"{actual[i].Key}\"";
            }

            if (i >= actual.Count)
            {
                return $": missing member \"{expected[i].Key}\"";
            }

            if (expected[i].Key != actual[i].Key)
            {
                return $": member {i} expected \"{expected[i].Key}\", got \"{actual[i].Key}\"";
            }

            if (Find(expected[i].Value, actual[i].Value) is { } inner)
            {
                return $".{expected[i].Key}{inner}";
            }
        }

        return null;
    }

    private static string Mismatch(JsonElement expected, JsonElement actual) => $": expected {Show(expected)}, got {Show(actual)}";

    private static string Show(JsonElement element)
    {
        string text = element.GetRawText();
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
