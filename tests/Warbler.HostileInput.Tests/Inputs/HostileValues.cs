namespace Warbler.HostileInput.Tests.Inputs;

/// <summary>Values that parsers get wrong: each as raw JSON text (some of them not valid JSON at all).</summary>
public static class HostileValues
{
    /// <summary>Every JSON type in place of the expected one, and the awkward cases of each.</summary>
    public static readonly string[] WrongTypes =
    [
        "null", "true", "false", "0", "-1", "1.5", "\"\"", "\"x\"", "\"true\"", "\"12\"", "[]", "[1,\"a\",null]", "[[]]", "{}", "{\"a\":{\"b\":[]}}",
        "\"00000000-0000-0000-0000-000000000000\"", "\"not-a-guid\"", "\"2030-13-45T99:99:99Z\"", "\"-00:00:01\"", "\"10675199.02:48:05.4775808\"",
        "\"<script>alert(1)</script>\"", "\"../../etc/passwd\"", "\"%00%zz\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u202e\"",
        "\"" + new string(' ', 300) + "\"", "\"\\n\\r\\t\\b\\f\"",
    ];

    /// <summary>Numbers at and past every limit a field may parse into.</summary>
    public static readonly string[] Numbers =
    [
        "1e309", "-1e309", "1e-400", "-0", "-0.0", "0.0000000001", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "79228162514264337593543950336", "123456789012345678901234567890.5", "1E+2", "1e2", "4.9e-324", "1.7976931348623157e308",
        "-1", "0.5", "99999999999999999999999999999999999999999999999999", "1" + new string('0', 400),
    ];

    /// <summary>Tokens no JSON parser should take.</summary>
    public static readonly string[] NotJson =
    [
        "NaN", "Infinity", "-Infinity", "01", "+1", ".5", "1.", "0x10", "'single'", "undefined", "True", "nul", "\"unterminated", "[1,]", "{\"a\":1,}", "{,}", "\"\\x41\"", "\"\\u12\"",
    ];

    /// <summary>Bytes that are not UTF-8 (or are forbidden in it): a lone continuation, an overlong '/', a surrogate, the end of the range, NUL.</summary>
    public static readonly byte[][] BadBytes =
    [
        [0xff], [0xfe, 0xff], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc3], [0x00], [0x00, 0x00, 0x00],
    ];

    /// <summary>Content types other than JSON, or JSON said wrongly.</summary>
    public static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "application/json; charset=utf-16",
        "application/json; charset=latin1", "application/json; charset=nonsense", "application/jsonx", "json", "application/*", "*/*", "application/problem+json", "text/json",
    ];
}
