using System.IO;
using System.Linq;
using System.Reflection;
using PublicApiGenerator;

namespace Fapilog.Serilog.TestSupport;

/// <summary>
/// Public-API approval: the exported surface, as C# declarations with parameter names and defaults, must equal a checked-in file, so
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

    // PublicApiGenerator writes the surface as C# declarations, parameter names and default values included:
    // JSON configuration binds arguments by name, so a renamed parameter or a changed default is an API change.
    private static string Describe(Assembly assembly) => assembly.GeneratePublicApi(new ApiGeneratorOptions
    {
        ExcludeAttributes = new[]
        {
            "System.Runtime.Versioning.TargetFrameworkAttribute",
            "System.Reflection.AssemblyMetadataAttribute",
        },
    }).ReplaceLineEndings("\n") + "\n";
}
