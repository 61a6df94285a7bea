namespace Warbler.Gateway.Configuration;

/// <summary>Checks the <c>Gateway</c> section at start, naming the setting that is wrong.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        const string section = GatewayOptions.SectionName;
        if (options.MaxRequestBodyBytes < 1024)
        {
            failures.Add($"{section}:MaxRequestBodyBytes must be at least 1024 (it is {options.MaxRequestBodyBytes}).");
        }

        if (options.MaxResponseBodyBytes < 1024)
        {
            failures.Add($"{section}:MaxResponseBodyBytes must be at least 1024 (it is {options.MaxResponseBodyBytes}).");
        }

        if (options.ReservedCompletionTokens < 0)
        {
            failures.Add($"{section}:ReservedCompletionTokens must not be negative (it is {options.ReservedCompletionTokens}).");
        }

        if (options.Retry.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{section}:Retry:MaxRetries must be between 0 and 10 (it is {options.Retry.MaxRetries}).");
        }

        if (options.Retry.BaseDelay <= TimeSpan.Zero)
        {
            failures.Add($"{section}:Retry:BaseDelay must be a positive time span (it is {options.Retry.BaseDelay}).");
        }

        if (options.Retry.MaxDelay < options.Retry.BaseDelay)
        {
            failures.Add($"{section}:Retry:MaxDelay must be at least Retry:BaseDelay (it is {options.Retry.MaxDelay}).");
        }

        if (options.CoolDown.FailureThreshold < 1)
        {
            failures.Add($"{section}:CoolDown:FailureThreshold must be 1 or more (it is {options.CoolDown.FailureThreshold}).");
        }

        if (options.CoolDown.Duration < TimeSpan.Zero)
        {
            failures.Add($"{section}:CoolDown:Duration must not be negative (it is {options.CoolDown.Duration}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
