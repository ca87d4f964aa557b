package main

import (
	"github.com/spf13/cobra"

	"github.com/oxia-db/oxia/common/rpc/auth"
	"github.com/oxia-db/oxia/common/security"
	dsconf "github.com/oxia-db/oxia/oxiad/dataserver/conf"
)

// publicSecurity holds the flags that secure a data server's public port; the internal port (coordinator and
// replication traffic) stays plaintext.
type publicSecurity struct {
	tls  security.TLSOption
	auth auth.Options
}

// register adds the TLS and authentication flags of `server`, named as in Oxia's CLI:
//
//	--tls-cert-file F --tls-key-file F      serve TLS with this PEM certificate (chain) and key
//	--tls-trusted-ca-file F                 verify client certificates against this CA (when a client sends one)
//	--tls-client-auth                       require a client certificate
//	--auth-provider-name oidc               check a bearer token on every call
//	--auth-provider-params JSON             the provider's settings, e.g. for oidc
//	                                        {"allowedIssueURLs":"…","allowedAudiences":"…","userNameClaim":"sub"}
func (s *publicSecurity) register(cmd *cobra.Command) {
	flags := cmd.Flags()
	flags.StringVar(&s.tls.CertFile, "tls-cert-file", "", "PEM certificate of the public port; enables TLS")
	flags.StringVar(&s.tls.KeyFile, "tls-key-file", "", "PEM private key of --tls-cert-file")
	flags.StringVar(&s.tls.TrustedCaFile, "tls-trusted-ca-file", "", "PEM CA that client certificates must chain to")
	flags.BoolVar(&s.tls.ClientAuth, "tls-client-auth", false, "Require a client certificate on the public port")
	flags.StringVar(&s.auth.ProviderName, "auth-provider-name", "", "Authentication provider of the public port: oidc")
	flags.StringVar(&s.auth.ProviderParams, "auth-provider-params", "", "Authentication provider settings (JSON)")
}

// applyTo puts the parsed settings into the data server's configuration; a certificate or key that does not load
// fails here, before any port is opened.
func (s *publicSecurity) applyTo(conf *dsconf.Config) error {
	conf.AuthOptions = s.auth
	if !s.tls.IsConfigured() {
		return nil
	}
	serverTLS, err := s.tls.MakeServerTLSConf()
	if err != nil {
		return err
	}
	conf.ServerTLS = serverTLS
	return nil
}
