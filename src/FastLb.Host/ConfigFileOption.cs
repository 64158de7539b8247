using System.CommandLine;

namespace FastLb.Host;

/// <summary>The --config FILE option, shared by the commands that read a config file.</summary>
public static class ConfigFileOption
{
    public static Option<string> Create(string description, string? defaultPath = null)
    {
        var option = new Option<string>("--config", "-c")
        {
            Description = description,
            HelpName = "FILE",
            Required = defaultPath is null,
        };
        if (defaultPath is not null)
        {
            option.DefaultValueFactory = _ => defaultPath;
        }
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[0].Value))
            {
                result.AddError("--config needs a file name, not an empty string");
            }
        });
        return option;
    }
}
