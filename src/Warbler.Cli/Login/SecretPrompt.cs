using System.Text;

namespace Warbler.Cli.Login;

/// <summary>Asks for a secret at a terminal without showing what is typed (nor stars that give its length away).</summary>
internal static class SecretPrompt
{
    public static string Read(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString().Trim();
    }
}
