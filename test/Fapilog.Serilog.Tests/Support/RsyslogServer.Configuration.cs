using System.Text;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>The rsyslog configuration of a test server.</summary>
internal sealed partial class RsyslogServer
{
    /// <summary>The JSON object written per message received: rsyslog's parsed fields, JSON-escaped by rsyslog itself.</summary>
    private const string Template =
        "{\\\"input\\\":\\\"%inputname%\\\",\\\"pri\\\":%pri%,\\\"facility\\\":%syslogfacility%,\\\"severity\\\":%syslogseverity%,"
        + "\\\"version\\\":\\\"%protocol-version%\\\",\\\"timestamp\\\":\\\"%timereported:::date-rfc3339%\\\","
        + "\\\"hostname\\\":\\\"%hostname:::json%\\\",\\\"app\\\":\\\"%app-name:::json%\\\",\\\"procid\\\":\\\"%procid:::json%\\\","
        + "\\\"msgid\\\":\\\"%msgid:::json%\\\",\\\"sd\\\":\\\"%structured-data:::json%\\\",\\\"msg\\\":\\\"%msg:::json%\\\","
        + "\\\"raw\\\":\\\"%rawmsg:::json%\\\"}\\n";

    private string Configuration()
    {
        var c = new StringBuilder();

        // Control characters are kept as received (rsyslog escapes them by default), so that a test sees what was sent.
        c.AppendLine($"global(workDirectory=\"{_folder.File("work")}\" maxMessageSize=\"256k\" parser.escapeControlCharactersOnReceive=\"off\")");
        if (Tls is { } tls)
        {
            c.AppendLine($"global(DefaultNetstreamDriver=\"gtls\" DefaultNetstreamDriverCAFile=\"{tls.CaFile}\" "
                + $"DefaultNetstreamDriverCertFile=\"{tls.ServerCertificateFile}\" DefaultNetstreamDriverKeyFile=\"{tls.ServerKeyFile}\")");
            string auth = tls.RequireClientCertificate ? "x509/certvalid" : "anon";
            c.AppendLine($"module(load=\"imtcp\" StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\" StreamDriver.AuthMode=\"{auth}\")");
        }
        else
        {
            c.AppendLine("module(load=\"imtcp\")");
            c.AppendLine("module(load=\"imudp\")");
            c.AppendLine($"input(type=\"imudp\" port=\"{UdpPort}\" address=\"127.0.0.1\")");
        }

        c.AppendLine($"input(type=\"imtcp\" port=\"{TcpPort}\" address=\"127.0.0.1\")");
        c.AppendLine($"template(name=\"fapilogFields\" type=\"string\" string=\"{Template}\")");
        c.AppendLine("if $inputname == \"imtcp\" or $inputname == \"imudp\" then {");
        c.AppendLine($"  action(type=\"omfile\" file=\"{MessagesFile}\" template=\"fapilogFields\")");
        c.AppendLine("  stop");
        c.AppendLine("}");
        c.AppendLine($"action(type=\"omfile\" file=\"{_folder.File("rsyslogd.log")}\")");
        return c.ToString();
    }
}
