namespace Warbler.SampleMcp;

/// <summary>The fixed table <c>lookup_capital</c> answers from.</summary>
public static class Capitals
{
    private static readonly (string Country, string Capital)[] Table =
    [
        ("Argentina", "Buenos Aires"), ("Australia", "Canberra"), ("Brazil", "Brasília"), ("Canada", "Ottawa"), ("China", "Beijing"),
        ("Egypt", "Cairo"), ("France", "Paris"), ("Germany", "Berlin"), ("India", "New Delhi"), ("Italy", "Rome"),
        ("Japan", "Tokyo"), ("Kenya", "Nairobi"), ("Mexico", "Mexico City"), ("Nigeria", "Abuja"), ("Norway", "Oslo"),
        ("Peru", "Lima"), ("South Korea", "Seoul"), ("Spain", "Madrid"), ("United Kingdom", "London"), ("United States", "Washington, D.C."),
    ];

    public static IEnumerable<string> Countries => Table.Select(t => t.Country);

    /// <summary>The country named in <paramref name="text"/> (a name alone, or a question that names one), or null.</summary>
    public static (string Country, string Capital)? Find(string text)
    {
        foreach (var entry in Table.OrderByDescending(t => t.Country.Length))
        {
            if (text.Contains(entry.Country, StringComparison.OrdinalIgnoreCase))
            {
                return entry;
            }
        }

        return null;
    }
}
