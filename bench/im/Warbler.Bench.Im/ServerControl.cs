using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// Asks bench/im.sh to restart the server: the tool writes <c>restart-N</c> (<c>term</c> or
/// <c>kill</c>) in the control folder, the script stops the server that way, starts it again on
/// the same data and writes <c>restarted-N</c>, holding the seconds from its start to its first answer.
/// </summary>
internal sealed class ServerControl(string directory)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private int _restarts;

    /// <summary>Returns once the server answers again, with the seconds it took from its start.</summary>
    public async Task<double> RestartAsync(string how, CancellationToken cancellationToken)
    {
        var n = ++_restarts;
        var done = Path.Combine(directory, $"restarted-{n}");
        await File.WriteAllTextAsync(Path.Combine(directory, $"restart-{n}.tmp"), how, cancellationToken);
        File.Move(Path.Combine(directory, $"restart-{n}.tmp"), Path.Combine(directory, $"restart-{n}"));
        var started = Clock.Now();
        while (!File.Exists(done))
        {
            if (Clock.SecondsSince(started) > Deadline.TotalSeconds)
            {
                throw new BenchException($"the server was not restarted within {Deadline.TotalMinutes:0} minutes ({how})");
            }

            await Task.Delay(20, cancellationToken);
        }

        var text = (await File.ReadAllTextAsync(done, cancellationToken)).Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : double.NaN;
    }
}
