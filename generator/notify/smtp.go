package notify

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"strconv"
	"time"
)

// TLS modes of an SMTP connection.
const (
	StartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587), required
	Implicit = "tls"      // TLS from the first byte (port 465)
	NoTLS    = "none"     // no encryption: a server on this machine only
)

// SMTP is how to reach the issuer's mail server.
type SMTP struct {
	Host     string
	Port     int
	TLS      string // StartTLS, Implicit or NoTLS
	CAFile   string // PEM certificates to trust instead of the system's
	Username string // from the environment only
	Password string
	Timeout  time.Duration
}

// Check reports what is wrong with the settings.
func (c *SMTP) Check() error {
	switch {
	case c.Host == "":
		return errors.New("no SMTP host: set ROSETTE_SMTP_HOST or give --smtp-host (or write a mail-merge file with --csv)")
	case c.Port <= 0 || c.Port > 65535:
		return fmt.Errorf("SMTP port %d is not a port number", c.Port)
	case c.TLS != StartTLS && c.TLS != Implicit && c.TLS != NoTLS:
		return fmt.Errorf("SMTP TLS %q: give %s, %s or %s", c.TLS, StartTLS, Implicit, NoTLS)
	case c.TLS == NoTLS && !isLoopback(c.Host):
		return fmt.Errorf("SMTP TLS %s sends mail and passwords in clear text: it is allowed only to a server on this machine, not %s", NoTLS, c.Host)
	case (c.Username == "") != (c.Password == ""):
		return errors.New("SMTP authentication needs both ROSETTE_SMTP_USERNAME and ROSETTE_SMTP_PASSWORD")
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// tlsConfig is the TLS configuration for the server, trusting CAFile's
// certificates when it is set.
func (c *SMTP) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("SMTP CA: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("SMTP CA: %s holds no PEM certificate", c.CAFile)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// Send delivers one message to one recipient, on a connection of its own.
func (c *SMTP) Send(from, to string, msg []byte) error {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	cfg, err := c.tlsConfig()
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	d := &net.Dialer{Timeout: timeout}
	var conn net.Conn
	if c.TLS == Implicit {
		conn, err = tls.DialWithDialer(d, "tcp", addr, cfg)
	} else {
		conn, err = d.Dial("tcp", addr)
	}
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(timeout))
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer cl.Close()
	if c.TLS == StartTLS {
		if ok, _ := cl.Extension("STARTTLS"); !ok {
			return fmt.Errorf("%s does not offer STARTTLS: use --smtp-tls tls for a server that speaks TLS from the start", addr)
		}
		if err := cl.StartTLS(cfg); err != nil {
			return err
		}
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, c.Host)); err != nil {
			return &AuthError{Server: addr, Username: c.Username, Err: err}
		}
	}
	if err := cl.Mail(from); err != nil {
		if te := (*textproto.Error)(nil); c.Username == "" && errors.As(err, &te) && te.Code == 530 {
			return &AuthError{Server: addr, Err: err}
		}
		return err
	}
	if err := cl.Rcpt(to); err != nil {
		return err
	}
	w, err := cl.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return cl.Quit()
}

// AuthError is a login the server refused, or one it requires and was
// not given (Username is empty). The same login would be
// refused for every message, so a run stops at the first. Its message
// names the server and the user, never the password.
type AuthError struct {
	Server, Username string
	Err              error
}

func (e *AuthError) Error() string {
	reply := e.Err.Error()
	if te := (*textproto.Error)(nil); errors.As(e.Err, &te) {
		reply = fmt.Sprintf("%d %s", te.Code, te.Msg)
	}
	if e.Username == "" {
		return fmt.Sprintf("the SMTP server %s requires a login (%s): set ROSETTE_SMTP_USERNAME and ROSETTE_SMTP_PASSWORD", e.Server, reply)
	}
	return fmt.Sprintf("the SMTP server %s refused the login as %q (%s): check ROSETTE_SMTP_USERNAME and ROSETTE_SMTP_PASSWORD", e.Server, e.Username, reply)
}

func (e *AuthError) Unwrap() error { return e.Err }
