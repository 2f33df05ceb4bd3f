using OmniBots.Host;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniBots();
var app = builder.Build();
app.UseOmniBots();
await app.RunAsync();

/// <summary>Entry point; public so functional tests can start the host with WebApplicationFactory.</summary>
public partial class Program;
