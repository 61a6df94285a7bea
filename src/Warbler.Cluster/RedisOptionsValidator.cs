namespace Warbler.Cluster;

internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            try
            {
                StackExchange.Redis.ConfigurationOptions.Parse(options.Configuration!);
            }
            catch (ArgumentException exception)
            {
                failures.Add($"Redis:Configuration is not a valid StackExchange.Redis configuration string: {exception.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Prefix) || options.Prefix.Length > 100 || options.Prefix.Any(char.IsWhiteSpace))
        {
            failures.Add("Redis:Prefix must be 1 to 100 characters without spaces.");
        }

        if (options.InFlightTimeout < TimeSpan.FromSeconds(10))
        {
            failures.Add("Redis:InFlightTimeout must be at least 00:00:10.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
