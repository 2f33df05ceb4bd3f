using OmniBots.Bench.Knowledge;

var mode = args.Length > 0 ? args[0] : "help";
switch (mode)
{
    case "quality-inprocess":
        InProcessQuality.Run(args.Contains("--whole"));
        break;
    default:
        Console.WriteLine("usage: OmniBots.Bench.Knowledge quality | quality-inprocess | latency");
        break;
}
