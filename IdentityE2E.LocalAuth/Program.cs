using IdentityE2E.LocalAuth;
using IdentityE2E.LocalAuth.Connect;
using IdentityE2E.LocalAuth.SignIn;

var builder = WebApplication.CreateBuilder(args);

builder.RequireLoopbackUrls();
builder.AddServiceDefaults();
builder.AddLocalAuth();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAntiforgery();
app.MapDefaultEndpoints();
app.MapSignInPage();
app.MapConnectEndpoints();

app.Run();

public partial class Program;
