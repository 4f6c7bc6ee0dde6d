namespace Fapilog.Serilog.Sample;

internal static class Program
{
    private static void Main()
    {
    }
}
