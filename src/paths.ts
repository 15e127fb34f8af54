// The route registry: every URL the app links to or redirects to is built here (DESIGN.md "Public contract").
const enc = encodeURIComponent;

export const paths = {
  home: () => '/',
  login: () => '/login',
  logout: () => '/logout',
  register: () => '/register',
  registerBusiness: () => '/register/business',
  registerConfirm: (token: string) => `/register/confirm/${enc(token)}`,
  passwordForgot: () => '/password/forgot',
  passwordReset: (token: string) => `/password/reset/${enc(token)}`,
  cabinet: () => '/cabinet',
  connectAccount: () => '/cabinet/accounts/connect',
  account: (n: string) => `/accounts/${enc(n)}`,
  /** Обзор, the landing page of an account (/accounts/:number stays Основные данные: DESIGN.md). */
  summary: (n: string) => `/accounts/${enc(n)}/summary`,
  services: (n: string) => `/accounts/${enc(n)}/services`,
  bills: (n: string) => `/accounts/${enc(n)}/bills`,
  bill: (n: string, id: number | string) => `/accounts/${enc(n)}/bills/${enc(String(id))}`,
  billPdf: (n: string, id: number | string) => `/accounts/${enc(n)}/bills/${enc(String(id))}.pdf`,
  payments: (n: string) => `/accounts/${enc(n)}/payments`,
  contractValues: (n: string) => `/accounts/${enc(n)}/contract-values`,
  meters: (n: string) => `/accounts/${enc(n)}/meters`,
  meterReadings: (n: string, meterId: number | string) =>
    `/accounts/${enc(n)}/meters/${enc(String(meterId))}/readings`,
  readings: (n: string) => `/accounts/${enc(n)}/readings`,
  readingsConfirmation: (n: string) => `/accounts/${enc(n)}/readings/confirmation`,
  details: (n: string) => `/accounts/${enc(n)}/details`,
  history: (n: string) => `/accounts/${enc(n)}/history`,
  pay: (n: string) => `/accounts/${enc(n)}/pay`,
  payStatus: (n: string, id: number | string) => `/accounts/${enc(n)}/pay/${enc(String(id))}`,
  onlinePayments: (n: string) => `/accounts/${enc(n)}/online-payments`,
  // the acquirer's server-to-server notifications (HMAC-signed, no CSRF: see README)
  paymentNotifications: () => '/payments/notifications',
  state: (n: string) => `/accounts/${enc(n)}/state`,
  reconciliation: (n: string) => `/accounts/${enc(n)}/reconciliation`,
  documents: (n: string) => `/accounts/${enc(n)}/documents`,
  consumption: (n: string) => `/accounts/${enc(n)}/consumption`,
  /** a signed scan of one of the account's documents (features/scans) */
  documentScan: (n: string, scanId: number | string) => `/accounts/${enc(n)}/scans/${enc(String(scanId))}`,
  calculator: (n: string) => `/accounts/${enc(n)}/calculator`,
  clientInfo: (n: string) => `/accounts/${enc(n)}/client`,
  accountOverview: (n: string) => `/accounts/${enc(n)}/overview`,
  additionalServices: (n: string) => `/accounts/${enc(n)}/additional-services`,
  /** the requests form (features/requests) with its topic and account filled in */
  newRequest: (topic: string, account?: string) =>
    `/requests/new?topic=${enc(topic)}${account ? `&account=${enc(account)}` : ''}`,
  profile: () => '/profile',
  requests: () => '/requests',
  requestNew: () => '/requests/new',
  request: (id: number | string) => `/requests/${enc(String(id))}`,
  requestReply: (id: number | string) => `/requests/${enc(String(id))}/reply`,
  requestFile: (id: number | string, fileId: number | string) =>
    `/requests/${enc(String(id))}/files/${enc(String(fileId))}`,
  faq: () => '/faq',
  news: () => '/news',
  about: () => '/about',
  support: () => '/support',
  // the support desk (issue #18): a customer's card is their login's (users.id)
  supportCustomer: (id: number | string) => `/support/customers/${enc(String(id))}`,
  supportCustomerAction: (id: number | string, action: SupportAction) =>
    `/support/customers/${enc(String(id))}/${action}`,
  supportViewAsEnd: () => '/support/view-as/end',
  supportRequests: () => '/support/requests',
  supportRequest: (id: number | string) => `/support/requests/${enc(String(id))}`,
  supportRequestAction: (id: number | string, action: 'take' | 'answer' | 'close') =>
    `/support/requests/${enc(String(id))}/${action}`,
  supportRequestFile: (id: number | string, fileId: number | string) =>
    `/support/requests/${enc(String(id))}/files/${enc(String(fileId))}`,
  // signed scans of an account's documents, by the account's id (numbers repeat across suppliers)
  supportAccountScans: (accountId: number | string) => `/support/accounts/${enc(String(accountId))}/scans`,
  supportAccountScan: (accountId: number | string, scanId: number | string) =>
    `/support/accounts/${enc(String(accountId))}/scans/${enc(String(scanId))}`,
  supportAccountScanDelete: (accountId: number | string, scanId: number | string) =>
    `/support/accounts/${enc(String(accountId))}/scans/${enc(String(scanId))}/delete`,
  supportTopics: () => '/support/topics',
  supportTopic: (id: number | string) => `/support/topics/${enc(String(id))}`,
  supportAudit: () => '/support/audit',
  admin: () => '/admin',
  adminBilling: () => '/admin/billing',
  adminKeyRates: () => '/admin/key-rates',
  adminVatRates: () => '/admin/vat-rates',
  adminDebtRules: () => '/admin/debt-rules',
  adminPenaltyRules: () => '/admin/debt-rules/penalty',
  adminCalculatorPrices: () => '/admin/calculator-prices',
  adminClientServices: () => '/admin/client-services',
  adminClientService: (id: number | string) => `/admin/client-services/${enc(String(id))}`,
  adminClientServiceDelete: (id: number | string) => `/admin/client-services/${enc(String(id))}/delete`,
  adminAdvanceRules: () => '/admin/debt-rules/advance',
  devOutbox: () => '/dev/outbox',
  // a mailing's signed unsubscribe link: no sign-in, the token is the proof (features/subscriptions)
  unsubscribe: (token: string) => `/unsubscribe/${enc(token)}`,
  // identity (registration, login steps, recovery, profile)
  securityQuestion: () => '/login/security-question',
  loginCode: () => '/login/code',
  passwordNew: () => '/password/new',
  passwordSms: () => '/password/sms',
  registerResend: () => '/register/resend',
  captchaChallenge: () => '/captcha/challenge',
  profileComplete: () => '/profile/complete',
  profileEmail: () => '/profile/email',
  profileEmailConfirm: (token: string) => `/profile/email/confirm/${enc(token)}`,
  profileLogin: () => '/profile/login',
  profilePassword: () => '/profile/password',
  profileSubscriptions: () => '/profile/subscriptions',
  profileWithdrawConsent: () => '/profile/consent/withdraw',
  profileTwoFactor: () => '/profile/two-factor',
  profileTwoFactorEnable: () => '/profile/two-factor/enable',
  profileTwoFactorDisable: () => '/profile/two-factor/disable',
  // residential cabinet (accounts list editor, disconnect, printing selected bills, consumption chart)
  cabinetAccounts: () => '/cabinet/accounts',
  disconnectAccount: (n: string) => `/cabinet/accounts/${enc(n)}/disconnect`,
  billsPrint: (n: string, ids: readonly (number | string)[] = []) =>
    `/accounts/${enc(n)}/bills/print${ids.length ? '?' + ids.map((id) => `ids=${enc(String(id))}`).join('&') : ''}`,
  usage: (n: string) => `/accounts/${enc(n)}/usage`,
  healthz: () => '/healthz',
} as const;

export type Paths = typeof paths;

/** What staff may do from a customer's card (POST /support/customers/:id/<action>). */
export type SupportAction =
  | 'view-as'
  | 'password-reset'
  | 'unlock'
  | 'connect-unlock'
  | 'two-factor-reset'
  | 'resend-confirmation'
  | 'contacts';

/** Appends a query string, skipping empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
