using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warbler.Contracts.Json;

/// <summary>
/// A field of a PATCH body that tells "left out" (<see cref="IsSet"/> false: keep the stored value)
/// from "sent", even when what was sent is <c>null</c> (clear the stored value).
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly struct Optional<T>
{
    public Optional(T value)
    {
        Value = value;
        IsSet = true;
    }

    public bool IsSet { get; }

    public T Value { get; }

    /// <summary>The value sent, or <paramref name="current"/> when the field was left out.</summary>
    public T Or(T current) => IsSet ? Value : current;
}

internal sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
}

internal sealed class OptionalJsonConverter<T> : JsonConverter<Optional<T>>
{
    // Called for a JSON null too, so that null counts as sent.
    public override bool HandleNull => true;

    public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var converter = (JsonConverter<T>)options.GetConverter(typeof(T));
        return new Optional<T>(reader.TokenType == JsonTokenType.Null && default(T) is null ? default! : converter.Read(ref reader, typeof(T), options)!);
    }

    public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
    {
        if (value.IsSet)
        {
            JsonSerializer.Serialize(writer, value.Value, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
