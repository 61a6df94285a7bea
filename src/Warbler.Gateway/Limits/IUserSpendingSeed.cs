namespace Warbler.Gateway.Limits;

/// <summary>Seeds the limits with what each user's bot replies have used, as recorded before this start.</summary>
public interface IUserSpendingSeed
{
    /// <summary>Loads what each user has spent; returns how many users had spent anything.</summary>
    /// <exception cref="Errors.OpenAIErrorException">With <see cref="Errors.GatewayErrorKind.LimitsUnavailable"/> while Redis is away.</exception>
    Task<int> LoadAsync(CancellationToken cancellationToken);
}
