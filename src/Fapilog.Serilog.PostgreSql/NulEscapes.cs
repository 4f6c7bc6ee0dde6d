using System.Text;

namespace Fapilog.Serilog.PostgreSql;

/// <summary>
/// Rewrites each <c>\u0000</c> escape of a JSON text as <c>\ufffd</c>: <c>jsonb</c> refuses the first. An escape is one
/// only after an odd run of backslashes (<c>\\u0000</c> is a backslash and the text <c>u0000</c>, left as it is).
/// </summary>
internal static class NulEscapes
{
    public static string Replace(string json)
    {
        var output = new StringBuilder(json.Length);
        int backslashes = 0;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (c == 'u' && backslashes % 2 == 1 && string.CompareOrdinal(json, i + 1, "0000", 0, 4) == 0)
            {
                output.Append("ufffd");
                i += 4;
                backslashes = 0;
                continue;
            }

            backslashes = c == '\\' ? backslashes + 1 : 0;
            output.Append(c);
        }

        return output.ToString();
    }
}
