using System.Runtime.CompilerServices;
using Fapilog.Serilog.Delivery.Spool;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Settings the whole test assembly runs with.</summary>
internal static class TestDefaults
{
    /// <summary>
    /// Remote outputs in tests get no spool in the default folder: tests run in parallel with outputs of the same name,
    /// and one test's leftovers would be replayed into another's receiver. Spool tests give each output a folder of its own.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply() => SpoolLocation.UseDefaultFolder = false;
}
