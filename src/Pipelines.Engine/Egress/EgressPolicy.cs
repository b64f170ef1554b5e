using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Pipelines.Engine.Egress;

/// <summary>
/// Keeps tenant-chosen URLs off the service's own network (SSRF): an address is refused when it is loopback, private
/// (RFC 1918, fc00::/7, carrier-grade NAT), link-local (169.254/16 with the cloud metadata address, fe80::/10),
/// unspecified or multicast, unless the allow list names it. The check runs where the socket connects, on the address
/// DNS gave, so a name that resolves elsewhere later (DNS rebinding) is caught too.
/// </summary>
public sealed class EgressPolicy
{
    private static readonly IPNetwork[] Refused =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    private readonly IPNetwork[] _allowedNetworks;
    private readonly HashSet<string> _allowedHosts;

    public EgressPolicy(IOptions<EgressOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var networks = new List<IPNetwork>();
        _allowedHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in options.Value.Allow)
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                _allowedHosts.Add(entry.Trim());
            }
        }

        _allowedNetworks = [.. networks];
    }

    /// <summary>Whether the service may connect to this address.</summary>
    public bool Allows(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normal = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _allowedNetworks.Any(n => n.Contains(normal)) || !Refused.Any(n => n.Contains(normal));
    }

    /// <summary>
    /// Why a URL is refused, or null when it may be used. Checked when a URL is accepted, so the author hears at once;
    /// the connect-time check in <see cref="CreateHandler"/> is what actually holds.
    /// </summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (_allowedHosts.Contains(url.IdnHost))
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return null; // an unknown name reaches nothing; the connection fails on its own
        }

        return addresses.All(Allows)
            ? null
            : $"'{url.Host}' is a loopback, private, link-local or multicast address, which the service does not call (an operator may allow it in {EgressOptions.SectionName}:Allow).";
    }

    /// <summary>
    /// A handler whose sockets connect only to allowed addresses and which follows no redirect (a redirect could lead
    /// anywhere the policy refuses). No proxy: the check must see the address actually dialled.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = _allowedHosts.Contains(host) ? addresses : [.. addresses.Where(Allows)];
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"The egress policy refuses '{host}'.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
