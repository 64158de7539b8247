using System.CommandLine;
using FastLb.Model;

namespace FastLb.Host;

/// <summary>The --instance NAME option: which controller's pinned state and admin socket a command means.</summary>
public static class InstanceOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--instance", "-i")
        {
            Description = "The instance (the config's 'instance:' key).",
            HelpName = "NAME",
            DefaultValueFactory = _ => FastLbConfig.DefaultInstance,
        };
        option.Validators.Add(result =>
        {
            var name = result.Tokens.Count > 0 ? result.Tokens[0].Value : FastLbConfig.DefaultInstance;
            if (name.Length is 0 or > 64 || name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                result.AddError($"--instance '{name}' is not an instance name (1 to 64 letters, digits, '-', '_', '.')");
            }
        });
        return option;
    }
}
