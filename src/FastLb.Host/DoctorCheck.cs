namespace FastLb.Host;

/// <summary>One finding of `fastlb doctor`: what was checked, what was found, and the fix when it is not ok.</summary>
public sealed record DoctorCheck(string Status, string Check, string Found, string? Fix)
{
    public const string Ok = "ok";
    public const string Warn = "warn";
    public const string Fail = "FAIL";

    public static DoctorCheck Pass(string check, string found) => new(Ok, check, found, null);

    public static DoctorCheck Warning(string check, string found, string fix) => new(Warn, check, found, fix);

    public static DoctorCheck Failure(string check, string found, string fix) => new(Fail, check, found, fix);
}
