/** What the machine itself says to the cardholder (the terminal's prompts come on top). */
export type MachinePhrase =
  | 'choose device' | 'choose product' | 'choose quantity' | 'confirm' | 'choose first' | 'invalid device' | 'device not available'
  | 'no free device' | 'invalid product' | 'product not available' | 'invalid quantity' | 'reserve' | 'only pay use' | 'available funds'
  | 'start delivery' | 'delivering' | 'limit reached' | 'new transaction' | 'max time reached' | 'not started in time' | 'stopped by operator'
  | 'stopped by cardholder' | 'present card to stop' | 'no session for card' | 'paid' | 'nothing charged' | 'cancelled' | 'time-out' | 'declined' | 'result unknown' | 'thank you'
  | 'over maximum' | 'card not accepted'
  | 'receipt printed' | 'receipt not printed' | 'receipt later' | 'e-receipt offer' | 'no receipt' | 'receipt gone' | 'copy printed' | 'copy on screen' | 'code deleted' | 'e-receipt sent' | 'e-receipt failed' | 'no paper' | 'present card for receipt' | 'enter receipt code' | 'present subscription card' | 'card accepted' | 'card not recognised' | 'not a subscription card'
  | 'period closed' | 'period not closed' | 'service only'

type Phrases = Record<MachinePhrase, string>

const EN: Phrases = {
  'period closed': 'Period closed', 'period not closed': 'Reconciliation failed, the period is still open; try again:', 'service only': 'For service staff only',
  'receipt printed': 'Your receipt has been printed', 'receipt not printed': 'No paper receipt could be printed', 'receipt later': 'Get your receipt later with your card or this code:', 'e-receipt offer': 'Receipt by e-mail? Enter your address, or skip', 'no receipt': 'No receipt available', 'receipt gone': 'Receipt no longer available', 'copy printed': 'Copy printed', 'copy on screen': 'Your receipt (copy):', 'code deleted': 'Receipt code deleted', 'e-receipt sent': 'E-receipt sent', 'e-receipt failed': 'E-receipt could not be sent; your payment is fine. Print it or use your code:', 'no paper': 'No paper receipt available. Instead:', 'present card for receipt': 'Present your card to get its receipt', 'enter receipt code': 'Scan or enter your receipt code', 'present subscription card': 'Present your subscription card', 'card accepted': 'Card accepted', 'card not recognised': 'Card not recognised', 'not a subscription card': 'This is a payment card, not a subscription card; present your subscription card',
  'card not accepted': 'Card not accepted here. We accept:',
  'over maximum': 'Above the maximum per payment of',
  'present card to stop': 'Present the card of your session to stop it', 'no session for card': 'This card has no session here',
  'choose device': 'Choose a charger', 'choose product': 'Choose a product', 'choose quantity': 'How many?', confirm: 'Confirm your purchase',
  'choose first': 'Please choose first', 'invalid device': 'Invalid device, choose again', 'device not available': 'Device not available, choose again',
  'no free device': 'No free device, please come back later', 'invalid product': 'Invalid product, choose again',
  'product not available': 'Product not available, choose again', 'invalid quantity': 'Invalid quantity, choose again',
  reserve: 'We reserve', 'only pay use': 'You only pay what you use', 'available funds': 'Available on your card:',
  'start delivery': 'Start now on', delivering: 'Delivering', 'limit reached': 'Limit reached, delivery stopped',
  'new transaction': 'For more, start a new payment', 'max time reached': 'Maximum time reached, delivery stopped',
  'not started in time': 'Not started in time, nothing charged', 'stopped by operator': 'Session stopped by the operator',
  'stopped by cardholder': 'Stopped at your request', paid: 'You paid', 'nothing charged': 'Nothing charged', cancelled: 'Cancelled',
  'time-out': 'Time-out', declined: 'Payment not approved', 'result unknown': 'Payment result unknown, please contact the operator',
  'thank you': 'Thank you',
}

const NL: Phrases = {
  'period closed': 'Periode afgesloten', 'period not closed': 'Afsluiten mislukt, de periode is nog open; probeer opnieuw:', 'service only': 'Alleen voor servicepersoneel',
  'receipt printed': 'Uw bon is geprint', 'receipt not printed': 'Er kon geen bon geprint worden', 'receipt later': 'Haal uw bon later op met uw kaart of deze code:', 'e-receipt offer': 'Bon per e-mail? Vul uw adres in, of sla over', 'no receipt': 'Geen bon beschikbaar', 'receipt gone': 'Bon niet meer beschikbaar', 'copy printed': 'Kopie geprint', 'copy on screen': 'Uw bon (kopie):', 'code deleted': 'Boncode verwijderd', 'e-receipt sent': 'E-bon verzonden', 'e-receipt failed': 'E-bon niet verzonden; uw betaling is in orde. Print de bon of gebruik uw code:', 'no paper': 'Geen papieren bon beschikbaar. In plaats daarvan:', 'present card for receipt': 'Bied uw kaart aan voor de bon', 'enter receipt code': 'Scan of toets uw boncode', 'present subscription card': 'Bied uw abonnementskaart aan', 'card accepted': 'Kaart geaccepteerd', 'card not recognised': 'Kaart niet herkend', 'not a subscription card': 'Dit is een betaalkaart, geen abonnementskaart; bied uw abonnementskaart aan',
  'card not accepted': 'Kaart hier niet geaccepteerd. Wij accepteren:',
  'over maximum': 'Boven het maximum per betaling van',
  'present card to stop': 'Bied de kaart van uw sessie aan om te stoppen', 'no session for card': 'Deze kaart heeft hier geen sessie',
  'choose device': 'Kies een laadpunt', 'choose product': 'Kies een product', 'choose quantity': 'Hoeveel?', confirm: 'Bevestig uw aankoop',
  'choose first': 'Maak eerst een keuze', 'invalid device': 'Ongeldig laadpunt, kies opnieuw', 'device not available': 'Laadpunt niet beschikbaar, kies opnieuw',
  'no free device': 'Geen vrij laadpunt, kom later terug', 'invalid product': 'Ongeldig product, kies opnieuw',
  'product not available': 'Product niet beschikbaar, kies opnieuw', 'invalid quantity': 'Ongeldig aantal, kies opnieuw',
  reserve: 'Wij reserveren', 'only pay use': 'U betaalt alleen wat u gebruikt', 'available funds': 'Beschikbaar op uw kaart:',
  'start delivery': 'Start nu op', delivering: 'Bezig met leveren', 'limit reached': 'Limiet bereikt, levering gestopt',
  'new transaction': 'Voor meer, start een nieuwe betaling', 'max time reached': 'Maximale tijd bereikt, levering gestopt',
  'not started in time': 'Niet op tijd gestart, niets betaald', 'stopped by operator': 'Sessie gestopt door de beheerder',
  'stopped by cardholder': 'Gestopt op uw verzoek', paid: 'U betaalde', 'nothing charged': 'Niets betaald', cancelled: 'Afgebroken',
  'time-out': 'Tijd verstreken', declined: 'Betaling niet akkoord', 'result unknown': 'Resultaat onbekend, neem contact op met de beheerder',
  'thank you': 'Dank u',
}

const DE: Phrases = {
  'period closed': 'Periode abgeschlossen', 'period not closed': 'Abschluss fehlgeschlagen, die Periode ist noch offen; erneut versuchen:', 'service only': 'Nur fuer Servicepersonal',
  'receipt printed': 'Ihr Beleg wurde gedruckt', 'receipt not printed': 'Kein Beleg konnte gedruckt werden', 'receipt later': 'Beleg spaeter mit Ihrer Karte oder diesem Code:', 'e-receipt offer': 'Beleg per E-Mail? Adresse eingeben oder ueberspringen', 'no receipt': 'Kein Beleg vorhanden', 'receipt gone': 'Beleg nicht mehr verfuegbar', 'copy printed': 'Kopie gedruckt', 'copy on screen': 'Ihr Beleg (Kopie):', 'code deleted': 'Belegcode geloescht', 'e-receipt sent': 'E-Beleg gesendet', 'e-receipt failed': 'E-Beleg nicht gesendet; Ihre Zahlung ist in Ordnung. Drucken oder Code nutzen:', 'no paper': 'Kein Papierbeleg verfuegbar. Stattdessen:', 'present card for receipt': 'Karte fuer den Beleg vorhalten', 'enter receipt code': 'Belegcode scannen oder eingeben', 'present subscription card': 'Abokarte vorhalten', 'card accepted': 'Karte akzeptiert', 'card not recognised': 'Karte nicht erkannt', 'not a subscription card': 'Dies ist eine Zahlungskarte, keine Abokarte; bitte Abokarte vorhalten',
  'card not accepted': 'Karte hier nicht akzeptiert. Wir akzeptieren:',
  'over maximum': 'Ueber dem Hoechstbetrag pro Zahlung von',
  'present card to stop': 'Karte Ihrer Sitzung vorhalten zum Beenden', 'no session for card': 'Diese Karte hat hier keine Sitzung',
  'choose device': 'Ladepunkt waehlen', 'choose product': 'Produkt waehlen', 'choose quantity': 'Wie viele?', confirm: 'Kauf bestaetigen',
  'choose first': 'Bitte zuerst waehlen', 'invalid device': 'Ungueltiger Ladepunkt, neu waehlen', 'device not available': 'Ladepunkt nicht verfuegbar, neu waehlen',
  'no free device': 'Kein freier Ladepunkt, bitte spaeter', 'invalid product': 'Ungueltiges Produkt, neu waehlen',
  'product not available': 'Produkt nicht verfuegbar, neu waehlen', 'invalid quantity': 'Ungueltige Menge, neu waehlen',
  reserve: 'Wir reservieren', 'only pay use': 'Sie zahlen nur, was Sie nutzen', 'available funds': 'Verfuegbar auf Ihrer Karte:',
  'start delivery': 'Jetzt starten an', delivering: 'Abgabe laeuft', 'limit reached': 'Limit erreicht, Abgabe gestoppt',
  'new transaction': 'Fuer mehr bitte neu bezahlen', 'max time reached': 'Hoechstzeit erreicht, Abgabe gestoppt',
  'not started in time': 'Nicht rechtzeitig gestartet, nichts belastet', 'stopped by operator': 'Vom Betreiber gestoppt',
  'stopped by cardholder': 'Auf Ihren Wunsch gestoppt', paid: 'Sie zahlten', 'nothing charged': 'Nichts belastet', cancelled: 'Abgebrochen',
  'time-out': 'Zeit abgelaufen', declined: 'Zahlung abgelehnt', 'result unknown': 'Ergebnis unbekannt, bitte Betreiber kontaktieren',
  'thank you': 'Danke',
}

const FR: Phrases = {
  'period closed': 'Periode cloturee', 'period not closed': 'Cloture echouee, la periode reste ouverte; reessayez:', 'service only': 'Reserve au personnel de service',
  'receipt printed': 'Votre ticket est imprime', 'receipt not printed': "Aucun ticket n'a pu etre imprime", 'receipt later': 'Recuperez votre ticket plus tard avec votre carte ou ce code:', 'e-receipt offer': 'Ticket par e-mail? Entrez votre adresse, ou passez', 'no receipt': 'Aucun ticket disponible', 'receipt gone': 'Ticket plus disponible', 'copy printed': 'Copie imprimee', 'copy on screen': 'Votre ticket (copie):', 'code deleted': 'Code du ticket supprime', 'e-receipt sent': 'E-ticket envoye', 'e-receipt failed': 'E-ticket non envoye; votre paiement est en ordre. Imprimez-le ou utilisez votre code:', 'no paper': 'Pas de ticket papier. A la place:', 'present card for receipt': 'Presentez votre carte pour le ticket', 'enter receipt code': 'Scannez ou entrez votre code', 'present subscription card': 'Presentez votre carte d abonnement', 'card accepted': 'Carte acceptee', 'card not recognised': 'Carte non reconnue', 'not a subscription card': "Ceci est une carte de paiement, pas d'abonnement; presentez votre carte d'abonnement",
  'card not accepted': 'Carte non acceptee ici. Nous acceptons:',
  'over maximum': 'Au-dessus du maximum par paiement de',
  'present card to stop': 'Presentez la carte de votre session pour arreter', 'no session for card': "Cette carte n'a pas de session ici",
  'choose device': 'Choisissez une borne', 'choose product': 'Choisissez un produit', 'choose quantity': 'Combien?', confirm: 'Confirmez votre achat',
  'choose first': "Choisissez d'abord", 'invalid device': 'Borne invalide, choisissez encore', 'device not available': 'Borne indisponible, choisissez encore',
  'no free device': 'Aucune borne libre, revenez plus tard', 'invalid product': 'Produit invalide, choisissez encore',
  'product not available': 'Produit indisponible, choisissez encore', 'invalid quantity': 'Quantite invalide, choisissez encore',
  reserve: 'Nous reservons', 'only pay use': 'Vous ne payez que ce que vous utilisez', 'available funds': 'Disponible sur votre carte:',
  'start delivery': 'Commencez maintenant sur', delivering: 'Livraison en cours', 'limit reached': 'Limite atteinte, livraison arretee',
  'new transaction': 'Pour plus, nouveau paiement', 'max time reached': 'Duree maximale atteinte, livraison arretee',
  'not started in time': 'Pas commence a temps, rien debite', 'stopped by operator': "Session arretee par l'exploitant",
  'stopped by cardholder': 'Arrete a votre demande', paid: 'Vous avez paye', 'nothing charged': 'Rien debite', cancelled: 'Annule',
  'time-out': 'Delai depasse', declined: 'Paiement refuse', 'result unknown': "Resultat inconnu, contactez l'exploitant",
  'thank you': 'Merci',
}

const PHRASES: Record<string, Phrases> = { en: EN, nl: NL, de: DE, fr: FR }

export function machinePhrase(language: string, key: MachinePhrase): string {
  return (PHRASES[language] ?? EN)[key]
}
