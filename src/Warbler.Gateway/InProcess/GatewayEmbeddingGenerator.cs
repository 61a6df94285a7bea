using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Warbler.Gateway.Accounting;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Routing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// The gateway as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for the rest of Warbler
/// (a knowledge base embedding its documents): calls go where <c>/v1/embeddings</c> goes, to the
/// model's providers that have embeddings, with the same retries and failover, held to the
/// caller's limits and metered in one usage record, as the <see cref="GatewayChatClient"/>'s are.
/// <see cref="EmbeddingGenerationOptions.ModelId"/> names the model and
/// <see cref="GatewayChatOptions.WithEmbeddingCaller"/> the caller.
/// </summary>
internal sealed class GatewayEmbeddingGenerator(
    ModelRouter router,
    UpstreamCaller caller,
    IKeyLimiter limiter,
    SpendingLimitsDirectory directory,
    TokenCounter counter,
    CallAccounting accounting,
    IOptions<GatewayOptions> gateway,
    TimeProvider time) : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly FrozenSet<string> AnyModel = FrozenSet<string>.Empty;
    private static readonly EmbeddingGeneratorMetadata Metadata = new("warbler");

    /// <exception cref="OpenAIErrorException">The embeddings could not be had.</exception>
    /// <exception cref="ArgumentException">No model, no caller, or no text to embed; thrown at once.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values?.ToList() ?? throw new ArgumentNullException(nameof(values));
        var callerOf = Validate(texts, options);
        var model = options!.ModelId!;
        var call = new GatewayCall { Model = model };
        var started = time.GetTimestamp();
        var teamId = directory.TeamChargedFor(callerOf.UserId, callerOf.BotId);
        using var activity = GatewayTracing.Source.StartActivity(GatewayTracing.InProcessEmbeddingActivityName);
        var status = StatusCodes.Status499ClientClosedRequest;
        try
        {
            var body = RequestJson(model, texts, options.Dimensions);
            var providers = ProviderCapabilities.Able(router.Route(model), UpstreamOperation.Embeddings, model);
            call.Lease = await limiter.AdmitAsync(
                new CallerKey(callerOf.UserId, "user", "", false, AnyModel, null, callerOf.Limits, callerOf.UserId, teamId),
                model,
                () => (InputTokens(model, texts), 0),
                response: null,
                cancellationToken);
            using var answer = await caller.SendAsync(new UpstreamCall(UpstreamOperation.Embeddings, model, body, providers), cancellationToken);
            call.Provider = answer.Provider.Name;
            call.UpstreamStatus = (int)answer.Response.StatusCode;
            if (!answer.Response.IsSuccessStatusCode)
            {
                throw (await UpstreamFailure.ReadAsync(answer, time, cancellationToken)).ToException(answer);
            }

            using var buffer = new PooledBuffer(16 * 1024);
            await UpstreamBody.ReadAllAsync(answer, buffer, gateway.Value.MaxResponseBodyBytes, time, cancellationToken);
            var embeddings = Read(buffer.WrittenSpan, call, texts.Count);
            if (call.Usage is null)
            {
                var tokens = InputTokens(model, texts);
                call.Usage = new TokenUsage(tokens, 0, tokens, 0);
                call.Estimated = true;
            }

            status = StatusCodes.Status200OK;
            embeddings.Usage = new UsageDetails { InputTokenCount = call.Usage.PromptTokens, TotalTokenCount = call.Usage.TotalTokens };
            embeddings.AdditionalProperties = new()
            {
                [GatewayChatOptions.ProviderKey] = call.Provider,
                [GatewayChatOptions.UsageEstimatedKey] = call.Estimated,
                [GatewayChatOptions.CostKey] = accounting.CostOf(call),
            };
            return embeddings;
        }
        catch (OpenAIErrorException exception)
        {
            status = exception.Status;
            throw;
        }
        catch (Exception exception) when (exception is UpstreamBody.TooLargeException or JsonException or FormatException)
        {
            status = StatusCodes.Status502BadGateway;
            throw new OpenAIErrorException(OpenAIError.BadGateway($"Provider '{call.Provider}' sent embeddings Warbler could not read: {exception.Message}"));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            status = StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            accounting.Close(call, new CallerIds(callerOf.RequestId, Guid.Empty, callerOf.UserId, callerOf.BotId, teamId), status, started, activity);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // A singleton of the container; nothing of its own to release.
    }

    private int InputTokens(string model, IReadOnlyList<string> texts) => texts.Sum(text => counter.Count(model, text));

    /// <summary>The request: vectors asked for in base64, a quarter of the bytes of JSON numbers and read without parsing each.</summary>
    private static byte[] RequestJson(string model, IReadOnlyList<string> texts, int? dimensions)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteStartArray("input");
            foreach (var text in texts)
            {
                writer.WriteStringValue(text);
            }

            writer.WriteEndArray();
            if (dimensions is { } count)
            {
                writer.WriteNumber("dimensions", count);
            }

            writer.WriteString("encoding_format", "base64");
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>The vectors in input order (an upstream may list them in any), and the answer's model and usage.</summary>
    private GeneratedEmbeddings<Embedding<float>> Read(ReadOnlySpan<byte> json, GatewayCall call, int count)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var facts = AnswerFacts.Read(json);
        call.AnsweredModel = facts.Model;
        call.Usage = facts.Usage;
        var vectors = new float[]?[count];
        foreach (var item in root.GetProperty("data").EnumerateArray())
        {
            var index = item.TryGetProperty("index", out var i) ? i.GetInt32() : Array.IndexOf(vectors, null);
            if (index < 0 || index >= count)
            {
                throw new FormatException($"an embedding has index {index}, but {count} were asked for");
            }

            var embedding = item.GetProperty("embedding");
            vectors[index] = embedding.ValueKind == JsonValueKind.String
                ? MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(embedding.GetString()!)).ToArray()
                : [.. embedding.EnumerateArray().Select(value => value.GetSingle())];
        }

        if (Array.IndexOf(vectors, null) is var missing and >= 0)
        {
            throw new FormatException($"the embedding of input {missing} is missing");
        }

        var created = time.GetUtcNow();
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(vector => new Embedding<float>(vector!) { ModelId = facts.Model ?? call.Model, CreatedAt = created }));
    }

    private static GatewayCaller Validate(IReadOnlyList<string> texts, EmbeddingGenerationOptions? options)
    {
        if (string.IsNullOrWhiteSpace(options?.ModelId))
        {
            throw new ArgumentException("EmbeddingGenerationOptions.ModelId must name the model.", nameof(options));
        }

        var caller = options.GetEmbeddingCaller() ?? throw new ArgumentException($"EmbeddingGenerationOptions must name the caller ({nameof(GatewayChatOptions)}.{nameof(GatewayChatOptions.WithEmbeddingCaller)}).", nameof(options));
        if (string.IsNullOrWhiteSpace(caller.RequestId) || caller.RequestId.Length > 64 || caller.UserId == Guid.Empty || caller.BotId == Guid.Empty || caller.Limits is null)
        {
            throw new ArgumentException("The caller's RequestId (at most 64 characters), UserId, BotId and Limits must be set.", nameof(options));
        }

        if (texts.Count == 0 || texts.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("There must be at least one text to embed, and none empty.", nameof(texts));
        }

        return caller;
    }
}
