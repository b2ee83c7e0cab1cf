// The bare baseline of bench/load/run.sh: Kestrel on the URL given with --urls, one POST endpoint that reads the whole body
// (the same signed SMS bodies the webhook gets) and answers 200 with a small JSON body, as the webhook does. No logging, no database.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var answer = "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"duplicate\":false}"u8.ToArray();
app.MapPost("/", async (HttpContext http) =>
{
    var buffer = new byte[16 * 1024];
    while (await http.Request.Body.ReadAsync(buffer) > 0) { }
    http.Response.ContentType = "application/json";
    await http.Response.Body.WriteAsync(answer);
});
app.MapGet("/", () => "bare");
app.Run();
