// Lists which folders (namespaces) of a project use which, and fails on cycles.
//
//   dotnet run tools/folder-cycles.cs                     every project under src/
//   dotnet run tools/folder-cycles.cs -- src/Warbler.Chat  one project
//   dotnet run tools/folder-cycles.cs -- --edges ...       also print every edge with the files behind it
//
// A folder is a namespace (Warbler's namespaces follow its folders). Folder A uses folder B when a
// file in A has `using B;` (or names `B.Something` in full), or, because C# lets a namespace see its
// parents' types without a using, when a file in A names a type declared in a parent namespace B.
// Generated migrations are left out. Exit code 1 when some folders use each other, directly or round
// a longer loop; each loop is printed with the files that close it.
using System.Text.RegularExpressions;

var args2 = args.ToList();
var printEdges = args2.Remove("--edges");
var roots = args2.Count > 0
    ? args2
    : Directory.GetDirectories("src").Where(d => Directory.GetFiles(d, "*.csproj").Length > 0).Order().ToList();

var failed = false;
foreach (var root in roots)
{
    var graph = FolderGraph.Read(root);
    var pairs = graph.Edges.Keys.Where(e => string.CompareOrdinal(e.From, e.To) < 0 && graph.Edges.ContainsKey((e.To, e.From)))
        .OrderBy(e => e.From).ThenBy(e => e.To).ToList();
    var loops = graph.Loops();
    Console.WriteLine($"{Path.GetFileName(Path.GetFullPath(root))}: {graph.Folders.Count} folders, {graph.Edges.Count} uses, {pairs.Count} pairs using each other, {loops.Count} loops");
    if (printEdges)
    {
        foreach (var ((from, to), files) in graph.Edges.OrderBy(e => e.Key.From).ThenBy(e => e.Key.To))
        {
            Console.WriteLine($"  {graph.Short(from)} -> {graph.Short(to)}  ({Files(files)})");
        }
    }

    foreach (var (a, b) in pairs)
    {
        Console.WriteLine($"  pair: {graph.Short(a)} <-> {graph.Short(b)}");
        Console.WriteLine($"    {graph.Short(a)} -> {graph.Short(b)}: {Files(graph.Edges[(a, b)])}");
        Console.WriteLine($"    {graph.Short(b)} -> {graph.Short(a)}: {Files(graph.Edges[(b, a)])}");
    }

    foreach (var (members, loop) in loops)
    {
        failed = true;
        Console.WriteLine($"  loop among {members.Count} folders ({string.Join(", ", members.Select(graph.Short).Order())}), for example:");
        for (var i = 0; i < loop.Count; i++)
        {
            var edge = (loop[i], loop[(i + 1) % loop.Count]);
            Console.WriteLine($"    {graph.Short(edge.Item1)} -> {graph.Short(edge.Item2)}: {Files(graph.Edges[edge])}");
        }
    }
}

static string Files(HashSet<string> files) =>
    string.Join(", ", files.Order().Take(4)) + (files.Count > 4 ? $", and {files.Count - 4} more" : "");

return failed ? 1 : 0;

sealed partial class FolderGraph
{
    private string _rootNamespace = "";

    public HashSet<string> Folders { get; } = [];

    public Dictionary<(string From, string To), HashSet<string>> Edges { get; } = [];

    public string Short(string folder) =>
        folder == _rootNamespace ? "(root)" : folder[(_rootNamespace.Length + 1)..];

    public static FolderGraph Read(string projectDirectory)
    {
        var graph = new FolderGraph();
        var files = Directory.GetFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Regex.IsMatch(f, @"[\\/](bin|obj|Migrations)[\\/]"))
            .Select(f => (Path: Path.GetRelativePath(projectDirectory, f), Text: File.ReadAllText(f)))
            .Select(f => (f.Path, f.Text, Namespace: NamespaceLine().Match(f.Text).Groups[1].Value))
            .Where(f => f.Namespace.Length > 0)
            .ToList();
        graph._rootNamespace = files.Select(f => f.Namespace).MinBy(n => n.Length)!.Split('.').Take(2).Aggregate((a, b) => $"{a}.{b}");
        var project = graph._rootNamespace;

        // Which namespace declares each type name (only names declared in exactly one are used).
        var declaredIn = files
            .SelectMany(f => TypeDeclaration().Matches(f.Text).Select(m => (Name: m.Groups[1].Value, f.Namespace)))
            .GroupBy(d => d.Name)
            .Where(g => g.Select(d => d.Namespace).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Namespace);

        foreach (var (path, text, folder) in files)
        {
            graph.Folders.Add(folder);
            var code = WithoutStringsAndComments(text);
            foreach (Match m in UsingLine().Matches(text))
            {
                var used = m.Groups[1].Value;
                if (used == project || used.StartsWith(project + ".", StringComparison.Ordinal))
                {
                    graph.Add(folder, used, path);
                }
            }

            foreach (Match m in QualifiedName().Matches(code))
            {
                var name = m.Groups[1].Value;
                var used = name[..name.LastIndexOf('.')];
                if (used.StartsWith(project, StringComparison.Ordinal) && declaredIn.TryGetValue(name[(used.Length + 1)..], out var ns) && ns == used)
                {
                    graph.Add(folder, used, path);
                }
            }

            // Types of parent namespaces are in scope without a using.
            foreach (Match m in Identifier().Matches(code))
            {
                if (declaredIn.TryGetValue(m.Value, out var ns) && ns != folder && folder.StartsWith(ns + ".", StringComparison.Ordinal))
                {
                    graph.Add(folder, ns, path);
                }
            }
        }

        return graph;
    }

    /// <summary>Every strongly connected set of two or more folders, as one loop through it.</summary>
    public List<(HashSet<string> Members, List<string> Loop)> Loops()
    {
        var next = Folders.ToDictionary(f => f, f => Edges.Keys.Where(e => e.From == f).Select(e => e.To).Order().ToList());
        var loops = new List<(HashSet<string>, List<string>)>();
        foreach (var component in StronglyConnected(next).Where(c => c.Count > 1))
        {
            // A shortest loop through the component's first folder, so the printout names real edges.
            var start = component.Order().First();
            var previous = new Dictionary<string, string> { [start] = start };
            var queue = new Queue<string>([start]);
            List<string>? loop = null;
            while (queue.Count > 0 && loop is null)
            {
                var at = queue.Dequeue();
                foreach (var to in next[at].Where(component.Contains))
                {
                    if (to == start)
                    {
                        loop = [at];
                        while (loop[0] != start)
                        {
                            loop.Insert(0, previous[loop[0]]);
                        }

                        break;
                    }

                    if (previous.TryAdd(to, at))
                    {
                        queue.Enqueue(to);
                    }
                }
            }

            loops.Add((component, loop!));
        }

        return loops;
    }

    private void Add(string from, string to, string file)
    {
        Folders.Add(to);
        if (from == to)
        {
            return;
        }

        if (!Edges.TryGetValue((from, to), out var files))
        {
            Edges[(from, to)] = files = [];
        }

        files.Add(file);
    }

    private static List<HashSet<string>> StronglyConnected(Dictionary<string, List<string>> next)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<HashSet<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in next[v])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new HashSet<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);
                components.Add(component);
            }
        }

        foreach (var v in next.Keys.Order())
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return components;
    }

    // Keeps <see cref="..."/> targets (the compiler checks them) but drops other comments and strings.
    private static string WithoutStringsAndComments(string text) =>
        StringOrComment().Replace(text, m => m.Value.StartsWith("///", StringComparison.Ordinal)
            ? string.Join(' ', CrefTarget().Matches(m.Value).Select(c => c.Groups[1].Value))
            : " ");

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^(?:global\s+)?using\s+(?:static\s+)?([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum|delegate\s+\S+)\s+([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b(Warbler(?:\.[A-Z]\w*)+)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"""""""[\s\S]*?""""""|@""(?:[^""]|"""")*""|\$?""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)'|///[^\n]*|//[^\n]*|/\*[\s\S]*?\*/")]
    private static partial Regex StringOrComment();

    [GeneratedRegex(@"cref=""(?:\w:)?([\w.]+)")]
    private static partial Regex CrefTarget();
}
