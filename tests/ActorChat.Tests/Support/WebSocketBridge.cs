using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace ActorChat.Tests.Support;

/// <summary>
/// THROWAWAY, TEST-ONLY stand-in for the server's own <c>--http-port</c> until that lands: a
/// minimal HTTP server on 127.0.0.1 that serves the browser client's files from the source
/// tree (<see cref="WebRoot"/>) with the server's Content-Security-Policy, and bridges each
/// WebSocket at <c>/ws</c> to a new TCP connection to a chat server: one text message is one
/// frame (sent on as a line), one line back is one text message.
/// </summary>
/// <remarks>
/// <para>
/// The browser tests only know its <see cref="BaseUrl"/>; when the server serves HTTP itself,
/// the base URL becomes the server's and this class goes. The chat server behind it may stop
/// and start again on the same port: each WebSocket then ends as its TCP connection does, and a
/// WebSocket opened while the chat server is down is refused (502), as a down server would.
/// </para>
/// <para>
/// Built on <see cref="HttpListener"/> rather than Kestrel on purpose: a
/// <c>FrameworkReference</c> to Microsoft.AspNetCore.App in the test project makes the build drop
/// the Microsoft.Extensions.* package assemblies from the test output (the framework has them),
/// and the tests that start <c>actorchat-server.dll</c> from that folder as a process (with its
/// own runtimeconfig, which knows only Microsoft.NETCore.App) then fail to load them.
/// </para>
/// </remarks>
public sealed class WebSocketBridge : IAsyncDisposable
{
    /// <summary>The policy the real server sends with the page (the brief of the browser client).</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json",
    };

    private readonly HttpListener _listener;
    private readonly IPEndPoint _chatServer;
    private readonly string _webRoot;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _requests = [];
    private readonly Task _accepting;

    private WebSocketBridge(HttpListener listener, Uri baseUrl, IPEndPoint chatServer, string webRoot)
    {
        _listener = listener;
        BaseUrl = baseUrl;
        _chatServer = chatServer;
        _webRoot = Path.GetFullPath(webRoot);
        _accepting = AcceptLoopAsync();
    }

    /// <summary>Where the page is: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The browser client's files in the source tree: src/ActorChat.Server/wwwroot.</summary>
    public static string WebRoot => Path.Combine(RepositoryRoot.Path, "src", "ActorChat.Server", "wwwroot");

    public static Task<WebSocketBridge> StartAsync(IPEndPoint chatServer)
    {
        var webRoot = WebRoot;
        if (!File.Exists(Path.Combine(webRoot, "index.html"))) throw new InvalidOperationException($"no browser client at {webRoot}");
        // HttpListener takes no port 0: try free ports until one binds.
        for (var attempt = 1; ; attempt++)
        {
            var baseUrl = new Uri($"http://127.0.0.1:{Ports.Free()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseUrl.ToString());
            try
            {
                listener.Start();
                return Task.FromResult(new WebSocketBridge(listener, baseUrl, chatServer, webRoot));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            var handling = HandleAsync(context);
            lock (_requests)
            {
                _requests.RemoveAll(t => t.IsCompleted);
                _requests.Add(handling);
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            if (context.Request.Url?.AbsolutePath == "/ws") await BridgeAsync(context);
            else await ServeFileAsync(context);
        }
        catch (Exception)
        {
            // the browser went away mid-answer, or the bridge is stopping
            try { context.Response.Abort(); } catch (Exception) { /* gone already */ }
        }
    }

    private async Task ServeFileAsync(HttpListenerContext context)
    {
        var response = context.Response;
        response.Headers["Content-Security-Policy"] = ContentSecurityPolicy;
        response.Headers["Cache-Control"] = "no-store";
        var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
        if (path.EndsWith('/')) path += "index.html";
        var file = Path.GetFullPath(Path.Combine(_webRoot, path.TrimStart('/')));
        if (context.Request.HttpMethod is not ("GET" or "HEAD") || !file.StartsWith(_webRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || !File.Exists(file) || !ContentTypes.TryGetValue(Path.GetExtension(file), out var contentType))
        {
            response.StatusCode = (int)HttpStatusCode.NotFound;
            response.Close();
            return;
        }
        var bytes = await File.ReadAllBytesAsync(file);
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        if (context.Request.HttpMethod == "GET") await response.OutputStream.WriteAsync(bytes, _stopping.Token);
        response.Close();
    }

    private async Task BridgeAsync(HttpListenerContext context)
    {
        if (!context.Request.IsWebSocketRequest)
        {
            context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            context.Response.Close();
            return;
        }
        using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(_chatServer, _stopping.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            context.Response.StatusCode = (int)HttpStatusCode.BadGateway;
            context.Response.Close();
            return;
        }
        var accepted = await context.AcceptWebSocketAsync(subProtocol: null);
        using var socket = accepted.WebSocket;
        var stream = tcp.GetStream();
        var up = BrowserToServerAsync(socket, stream, _stopping.Token);
        var down = ServerToBrowserAsync(stream, socket, _stopping.Token);
        await Task.WhenAny(up, down);
        // Either side ended: end the other the same way.
        try { tcp.Client.Shutdown(SocketShutdown.Both); } catch (SocketException) { /* closed already */ }
        await Swallow(down);
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Swallow(socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token));
        }
        await Swallow(up.WaitAsync(TimeSpan.FromSeconds(2)));
        socket.Abort();
    }

    /// <summary>Each text message is one frame: written on as one line.</summary>
    private static async Task BrowserToServerAsync(WebSocket socket, NetworkStream stream, CancellationToken cancel)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancel);
            if (result.MessageType == WebSocketMessageType.Close) return;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            if (result.MessageType == WebSocketMessageType.Text)
            {
                message.WriteByte((byte)'\n');
                await stream.WriteAsync(message.GetBuffer().AsMemory(0, (int)message.Length), cancel);
            }
            message.SetLength(0);
        }
    }

    /// <summary>Each line from the server is one text message.</summary>
    private static async Task ServerToBrowserAsync(NetworkStream stream, WebSocket socket, CancellationToken cancel)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.Length == 0) continue;
            await socket.SendAsync(Encoding.UTF8.GetBytes(line), WebSocketMessageType.Text, endOfMessage: true, cancel);
        }
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // the connection is going anyway
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await Swallow(_accepting);
        Task[] requests;
        lock (_requests) requests = [.. _requests];
        await Swallow(Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(5)));
        _listener.Close();
        _stopping.Dispose();
    }
}

/// <summary>The checkout this test run was built from: the folder holding ActorChat.sln, above the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "ActorChat.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"no ActorChat.sln above {AppContext.BaseDirectory}");
    }
}
