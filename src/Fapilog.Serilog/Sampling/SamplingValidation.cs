namespace Fapilog.Serilog;

/// <summary>The checks and value descriptions the sampling options share.</summary>
internal static class SamplingValidation
{
    public static void Require(bool condition, string option, object? value, string valid, OptionNaming naming)
    {
        if (!condition)
        {
            throw naming.OutOfRange(option, OptionNaming.Show(value), valid);
        }
    }

    /// <summary>A key that reads a property needs one; a template key takes none.</summary>
    public static void Key(FapilogSamplingKey key, string? property, OptionNaming naming)
    {
        Require(System.Enum.IsDefined(key), "Key", key, ValidValues("Key"), naming);
        if (key != FapilogSamplingKey.Template && string.IsNullOrWhiteSpace(property))
        {
            throw naming.Missing("Property", $"a property name (the key {key} reads one)");
        }
    }

    public static string ValidValues(string option) => option switch
    {
        "Key" => OptionNaming.Names<FapilogSamplingKey>(),
        "Property" => "a property name",
        "MaximumLevel" or "MinimumLevel" => OptionNaming.Names<FapilogLevel>(),
        _ => throw new System.ArgumentOutOfRangeException(nameof(option), option, "Not a sampling option."),
    };
}
