using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Fapilog.Serilog.Enrichers.Tests;

/// <summary>Keeps changes to the exported surface visible in review: compare with the checked-in file.</summary>
public class PublicApiTests
{
    [Fact]
    public void ThePublicApi_MatchesTheApprovedFile()
    {
        string approvedPath = Path.Combine(SourceFolder(), "PublicApi.approved.txt");
        string actual = Describe(typeof(FapilogContext).Assembly);

        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved != actual)
        {
            File.WriteAllText(Path.ChangeExtension(approvedPath, ".received.txt"), actual);
        }

        Assert.Equal(approved, actual);
    }

    private static string Describe(Assembly assembly)
    {
        var lines = assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal).SelectMany(type =>
            new[] { $"{Kind(type)} {type.FullName}" }.Concat(type
                .GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m is not MethodInfo { IsSpecialName: true })
                .Select(m => "  " + m.ToString())
                .OrderBy(s => s, StringComparer.Ordinal)));
        return string.Join("\n", lines) + "\n";
    }

    private static string Kind(Type type)
        => type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct"
            : type.IsAbstract && type.IsSealed ? "static class" : type.IsSealed ? "sealed class" : "class";

    private static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
