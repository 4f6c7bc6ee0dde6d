using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Fapilog.Serilog.TestSupport;

/// <summary>
/// Public-API approval: the exported surface, reflected into sorted text, must equal a checked-in file, so
/// that an accidental API change shows up in review. On a mismatch the actual text is written beside the
/// approved file as <c>*.received.txt</c>; copy it over the approved file when the change is intended.
/// </summary>
internal static class PublicApi
{
    /// <summary>Compares <paramref name="assembly"/>'s surface with <c>PublicApi.approved.txt</c> in the calling test project's folder.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void AssertMatchesApproved(Assembly assembly)
    {
        string projectDirectory = Assembly.GetCallingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value!;
        AssertMatchesApproved(assembly, Path.Combine(projectDirectory, "PublicApi.approved.txt"));
    }

    private static void AssertMatchesApproved(Assembly assembly, string approvedPath)
    {
        string actual = Describe(assembly);
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
                .Select(m => "  " + m)
                .OrderBy(s => s, StringComparer.Ordinal)));
        return string.Join("\n", lines) + "\n";
    }

    private static string Kind(Type type)
        => type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct"
            : type.IsAbstract && type.IsSealed ? "static class" : type.IsSealed ? "sealed class" : "class";
}
