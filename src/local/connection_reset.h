#pragma once
// Abort the TCP connection a request arrived on, so the client sees a reset /
// EOF and no response (fault injection). cpp-httplib 0.11.4 does not hand the
// socket to handlers, so it is found by its addresses: the only descriptor of
// this process whose local and peer ports are those of the request.
#include <httplib.h>

namespace cwlog::detail {

// SO_LINGER {on, 0} then shutdown(SHUT_RDWR): pending data is dropped, the
// peer gets EOF now and a RST when httplib closes the socket. Returns false
// when no matching socket was found.
bool reset_connection(const httplib::Request& request);

}  // namespace cwlog::detail
