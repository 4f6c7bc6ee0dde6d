using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>One message as the test rsyslog parsed it (see <see cref="RsyslogServer"/>), with the test's own reading of its structured data.</summary>
internal sealed record ReceivedSyslog(
    string Input, int Pri, int Facility, int Severity, string Version, string Timestamp, string Hostname, string AppName,
    string ProcId, string MsgId, string StructuredData, string Msg, string Raw)
{
    public static ReceivedSyslog Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        string S(string name) => r.GetProperty(name).GetString()!;
        int I(string name) => r.GetProperty(name).GetInt32();
        return new ReceivedSyslog(
            S("input"), I("pri"), I("facility"), I("severity"), S("version"), S("timestamp"), S("hostname"), S("app"),
            S("procid"), S("msgid"), S("sd"), S("msg"), S("raw"));
    }

    /// <summary>The <c>N</c> parameter of our element (the number a test event carries).</summary>
    public int Number => int.Parse(Param("N")!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first value of <paramref name="name"/> in the element <paramref name="sdId"/>, unescaped; null when absent.</summary>
    public string? Param(string name, string sdId = "fapilog@32473") =>
        Elements().TryGetValue(sdId, out var ps) ? ps.Find(p => p.Name == name).Value : null;

    /// <summary>The structured data read as RFC 5424 says: elements of an SD-ID and PARAM-NAME="PARAM-VALUE" pairs, <c>\"</c>, <c>\\</c> and <c>\]</c> unescaped.</summary>
    public Dictionary<string, List<(string Name, string? Value)>> Elements()
    {
        var result = new Dictionary<string, List<(string, string?)>>(StringComparer.Ordinal);
        string sd = StructuredData;
        int i = 0;
        while (i < sd.Length && sd[i] == '[')
        {
            int end = sd.IndexOfAny([' ', ']'], i);
            string id = sd[(i + 1)..end];
            var ps = new List<(string, string?)>();
            result[id] = ps;
            i = end;
            while (sd[i] == ' ')
            {
                int eq = sd.IndexOf('=', i);
                string name = sd[(i + 1)..eq];
                Assert.Equal('"', sd[eq + 1]);
                var value = new StringBuilder();
                for (i = eq + 2; sd[i] != '"'; i++)
                {
                    if (sd[i] == '\\' && sd[i + 1] is '"' or '\\' or ']')
                    {
                        i++;
                    }

                    value.Append(sd[i]);
                }

                ps.Add((name, value.ToString()));
                i++;
            }

            Assert.Equal(']', sd[i]);
            i++;
        }

        return result;
    }
}
