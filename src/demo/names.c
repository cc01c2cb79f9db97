/* demo_names — see demo_names.h.  Organisation names are those of real Breton
 * local authorities (EPCI as reorganised in 2017, some of their communes); people,
 * SIRENs, phone numbers and e-mail addresses are invented by demo.c. */
#include "names.h"

#define COUNT(a) (sizeof a / sizeof a[0])
#define DEFINE_COUNT(name) const size_t name##_count = COUNT(name)

const char *const demo_pole_names[] = {
    [POLE_ADMIN] = "Administratif et financier",
    [POLE_DEV] = "Développement et prospective",
    [POLE_SERVICES] = "Services et mutualisation",
    [POLE_SUPPORT] = "Promotion et accompagnement",
};
DEFINE_COUNT(demo_pole_names);

const struct demo_provider_info demo_providers[] = {
    [PROV_MARCHES] = { "Achatpublic Ouest (éditeur de la salle des marchés)",
                       "support@achatpublic-ouest.example", "02 99 41 20 00",
                       "Mme Le Goff, support collectivités" },
    [PROV_ARCHIVES] = { "Archivéo Services", "assistance@archiveo.example", "02 98 33 71 10",
                        "M. Quéré, chef de projet" },
    [PROV_CERTS] = { "CertiBreizh (autorité de certification)",
                     "certificats@certibreizh.example", "02 97 62 48 90",
                     "Service client, poste 2" },
};
DEFINE_COUNT(demo_providers);

const struct demo_staff demo_staff[] = {
    { "mleguen", "Marie Le Guen", POLE_ADMIN, SROLE_ADMIN },
    { "pcariou", "Pierre Cariou", POLE_ADMIN, SROLE_STAFF },
    { "ykerbrat", "Yann Kerbrat", POLE_DEV, SROLE_STAFF },
    { "nlegall", "Nolwenn Le Gall", POLE_DEV, SROLE_STAFF },
    { "tmorvan", "Tanguy Morvan", POLE_SERVICES, SROLE_STAFF },
    { "sriou", "Soizic Riou", POLE_SERVICES, SROLE_STAFF },
    { "ejaouen", "Erwan Jaouen", POLE_SUPPORT, SROLE_STAFF },
    { "gprigent", "Gwenaëlle Prigent", POLE_SUPPORT, SROLE_READONLY },
};
DEFINE_COUNT(demo_staff);

const struct demo_org demo_orgs[] = {
    { MEMBER_REGION, "Région Bretagne", NULL, "bretagne.bzh" },
    { MEMBER_DEPARTEMENT, "Département des Côtes-d'Armor", "22", "cotesdarmor.fr" },
    { MEMBER_DEPARTEMENT, "Département du Finistère", "29", "finistere.fr" },
    { MEMBER_DEPARTEMENT, "Département d'Ille-et-Vilaine", "35", "ille-et-vilaine.fr" },
    { MEMBER_DEPARTEMENT, "Département du Morbihan", "56", "morbihan.fr" },
    { MEMBER_HOSPITAL, "Centre hospitalier des Pays de Morlaix", "29", "ch-morlaix.fr" },
    { MEMBER_HOSPITAL, "Centre hospitalier de Quimperlé", "29", "ch-quimperle.fr" },
    { MEMBER_HOSPITAL, "Centre hospitalier de Guingamp", "22", "ch-guingamp.fr" },
    { MEMBER_HOSPITAL, "Centre hospitalier de Bretagne Sud", "56", "ghbs.bzh" },
    { MEMBER_HOSPITAL, "Centre hospitalier de Landerneau", "29", "ch-landerneau.bzh" },
    { MEMBER_HOSPITAL, "Centre hospitalier de Vitré", "35", "ch-vitre.fr" },
    { MEMBER_HOSPITAL, "Centre hospitalier de Carhaix", "29", "ch-carhaix.fr" },
    { MEMBER_CCAS, "CCAS de Lorient", "56", "ccas-lorient.fr" },
    { MEMBER_CCAS, "CCAS de Brest", "29", "ccas-brest.fr" },
    { MEMBER_CCAS, "CCAS de Saint-Brieuc", "22", "ccas-saint-brieuc.fr" },
    { MEMBER_CCAS, "CCAS de Vannes", "56", "ccas-vannes.fr" },
    { MEMBER_CCAS, "CCAS de Quimper", "29", "ccas-quimper.fr" },
    { MEMBER_CCAS, "CCAS de Fougères", "35", "ccas-fougeres.fr" },
    { MEMBER_CCAS, "CCAS de Lannion", "22", "ccas-lannion.fr" },
    { MEMBER_CCAS, "CIAS du Pays de Landivisiau", "29", "cias-landivisiau.fr" },
    { MEMBER_CCAS, "CIAS de Loudéac Communauté", "22", "cias-loudeac.fr" },
    { MEMBER_OTHER, "SDIS 29", "29", "sdis29.fr" },
    { MEMBER_OTHER, "SDIS 35", "35", "sdis35.fr" },
    { MEMBER_OTHER, "Morbihan Énergies", "56", "morbihan-energies.fr" },
    { MEMBER_OTHER, "Syndicat mixte du bassin versant du Blavet", "56", "smbv-blavet.fr" },
    { MEMBER_OTHER, "Syndicat des eaux du Trégor", "22", "eaux-tregor.fr" },
    { MEMBER_OTHER, "Centre de gestion du Finistère", "29", "cdg29.bzh" },
};
DEFINE_COUNT(demo_orgs);

const struct demo_epci demo_epcis[] = {
    /* Côtes-d'Armor */
    { "Saint-Brieuc Armor Agglomération", "22", "saintbrieuc-armor-agglo.fr",
      "*Saint-Brieuc|Plérin|Ploufragan|Langueux|Trégueux|Yffiniac|Pordic|"
      "Binic-Étables-sur-Mer|Quintin|Hillion" },
    { "Lannion-Trégor Communauté", "22", "lannion-tregor.com",
      "*Lannion|Perros-Guirec|Trégastel|Pleumeur-Bodou|Tréguier|Plestin-les-Grèves|"
      "Louannec|Ploubezre" },
    { "Guingamp-Paimpol Agglomération", "22", "guingamp-paimpol.bzh",
      "*Guingamp|*Paimpol|Bégard|Plouha|Pontrieux|Ploumagoar|Bourbriac|Grâces" },
    { "Dinan Agglomération", "22", "dinan-agglomeration.fr",
      "*Dinan|Lanvallay|Quévert|Plancoët|Broons|Matignon|Taden|Plélan-le-Petit" },
    { "Lamballe Terre et Mer", "22", "lamballe-terre-mer.bzh",
      "*Lamballe-Armor|Pléneuf-Val-André|Erquy|Moncontour|Plénée-Jugon|Jugon-les-Lacs" },
    { "Loudéac Communauté Bretagne Centre", "22", "loudeac-communaute.bzh",
      "*Loudéac|Plémet|Guerlédan|Merdrignac|Uzel" },
    { "Leff Armor Communauté", "22", "leffarmor.fr",
      "*Lanvollon|Plouvara|Plélo|Tressignaux" },
    { "Communauté de communes du Kreiz-Breizh", "22", "kreiz-breizh.fr",
      "*Rostrenen|Callac|Maël-Carhaix|Glomel|Saint-Nicolas-du-Pélem" },
    /* Finistère */
    { "Brest Métropole", "29", "brest-metropole.fr",
      "*Brest|*Plougastel-Daoulas|Guipavas|Le Relecq-Kerhuon|Plouzané|Gouesnou|Bohars|Guilers" },
    { "Quimper Bretagne Occidentale", "29", "quimper-bretagne-occidentale.bzh",
      "*Quimper|Ergué-Gabéric|Briec|Plogonnec|Pluguffan|Locronan|Plomelin" },
    { "Morlaix Communauté", "29", "agglo.morlaix.fr",
      "*Morlaix|Saint-Martin-des-Champs|Plougonven|Carantec|Plouigneau|Lanmeur|Locquirec|Taulé" },
    { "Concarneau Cornouaille Agglomération", "29", "cca.bzh",
      "*Concarneau|Rosporden|Trégunc|Névez|Pont-Aven|Elliant" },
    { "Quimperlé Communauté", "29", "quimperle-communaute.bzh",
      "*Quimperlé|Moëlan-sur-Mer|Clohars-Carnoët|Bannalec|Scaër|Riec-sur-Bélon" },
    { "Communauté de communes du Pays de Landerneau-Daoulas", "29", "ccpld.bzh",
      "*Landerneau|Daoulas|La Roche-Maurice|Plouédern|Pencran|Dirinon" },
    { "Communauté de communes du Pays des Abers", "29", "pays-des-abers.fr",
      "*Lannilis|Plabennec|Plouguerneau|Landéda|Bourg-Blanc" },
    { "Communauté de communes du Pays d'Iroise", "29", "pays-iroise.bzh",
      "*Saint-Renan|Le Conquet|Ploudalmézeau|Plougonvelin|Lampaul-Plouarzel|Locmaria-Plouzané" },
    { "Communauté Lesneven Côte des Légendes", "29", "clcl.bzh",
      "*Lesneven|Kerlouan|Plounéour-Brignogan-Plages|Le Folgoët" },
    { "Haut-Léon Communauté", "29", "hautleoncommunaute.bzh",
      "*Saint-Pol-de-Léon|Roscoff|*Île-de-Batz|Cléder|Plouescat|Sibiril" },
    { "Communauté de communes du Pays de Landivisiau", "29", "pays-de-landivisiau.com",
      "*Landivisiau|Bodilis|Plouvorn|Guimiliau" },
    { "Monts d'Arrée Communauté", "29", "cc-montsdarree.bzh",
      "*Huelgoat|Brasparts|Berrien|La Feuillée" },
    { "Presqu'île de Crozon-Aulne Maritime", "29", "comcom-crozon.bzh",
      "*Crozon|Camaret-sur-Mer|Telgruc-sur-Mer|Landévennec" },
    { "Communauté de communes de Pleyben-Châteaulin-Porzay", "29", "ccpcp.bzh",
      "*Châteaulin|Pleyben|Plomodiern|Saint-Nic" },
    { "Douarnenez Communauté", "29", "douarnenez-communaute.bzh",
      "*Douarnenez|Pouldergat|Kerlaz" },
    { "Communauté de communes Cap Sizun - Pointe du Raz", "29", "cap-sizun.bzh",
      "*Audierne|Plogoff|Cléden-Cap-Sizun|Pont-Croix" },
    { "Communauté de communes du Haut Pays Bigouden", "29", "cchpb.bzh",
      "*Pouldreuzic|Plonéour-Lanvern|Plogastel-Saint-Germain|Landudec" },
    { "Communauté de communes du Pays Bigouden Sud", "29", "ccpbs.bzh",
      "*Pont-l'Abbé|Le Guilvinec|Penmarc'h|Loctudy|Plobannalec-Lesconil|Treffiagat" },
    { "Communauté de communes du Pays Fouesnantais", "29", "cc-paysfouesnantais.bzh",
      "*Fouesnant|Bénodet|La Forêt-Fouesnant|Pleuven" },
    { "Poher Communauté", "29", "poher.bzh",
      "*Carhaix-Plouguer|Plounévézel|Poullaouen|Cléden-Poher" },
    { "Communauté de communes de Haute Cornouaille", "29", "hautecornouaille.bzh",
      "*Châteauneuf-du-Faou|Spézet|Landeleau|Coray" },
    /* Ille-et-Vilaine */
    { "Rennes Métropole", "35", "rennesmetropole.fr",
      "*Rennes|Cesson-Sévigné|Bruz|Saint-Jacques-de-la-Lande|Betton|Pacé|Chantepie|"
      "Vezin-le-Coquet|Le Rheu|Mordelles" },
    { "Saint-Malo Agglomération", "35", "stmalo-agglomeration.fr",
      "*Saint-Malo|Cancale|Saint-Méloir-des-Ondes|Châteauneuf-d'Ille-et-Vilaine|La Gouesnière" },
    { "Vitré Communauté", "35", "vitrecommunaute.org",
      "*Vitré|Châteaubourg|Argentré-du-Plessis|Étrelles|La Guerche-de-Bretagne" },
    { "Fougères Agglomération", "35", "fougeres-agglo.bzh",
      "*Fougères|Lécousse|Louvigné-du-Désert|Saint-Sauveur-des-Landes|Javené" },
    { "Redon Agglomération", "35", "redon-agglomeration.bzh",
      "*Redon|Bains-sur-Oust|Guipry-Messac|Pipriac|Sainte-Marie" },
    { "Communauté de communes Côte d'Émeraude", "35", "cote-emeraude.fr",
      "*Dinard|Pleurtuit|Saint-Lunaire|Saint-Briac-sur-Mer|La Richardais" },
    { "Communauté de communes Bretagne Romantique", "35", "bretagneromantique.fr",
      "*Combourg|Tinténiac|Pleugueneuc|Mesnil-Roc'h" },
    { "Communauté de communes du Pays de Dol et de la Baie du Mont-Saint-Michel", "35",
      "ccpaysdedol.fr", "*Dol-de-Bretagne|Pleine-Fougères|Roz-sur-Couesnon|Baguer-Morvan" },
    { "Couesnon Marches de Bretagne", "35", "couesnon-marchesdebretagne.fr",
      "*Maen Roch|Antrain|Val-Couesnon|Saint-Marc-le-Blanc" },
    { "Liffré-Cormier Communauté", "35", "liffre-cormier.fr",
      "*Liffré|La Bouëxière|Saint-Aubin-du-Cormier|Ercé-près-Liffré" },
    { "Val d'Ille-Aubigné", "35", "valdille-aubigne.fr",
      "*Melesse|Saint-Aubin-d'Aubigné|Montreuil-le-Gast|Guipel" },
    { "Communauté de communes de Saint-Méen Montauban", "35", "stmeen-montauban.fr",
      "*Montauban-de-Bretagne|Saint-Méen-le-Grand|Quédillac|Irodouër" },
    { "Montfort Communauté", "35", "montfortcommunaute.bzh",
      "*Montfort-sur-Meu|Breteil|Iffendic|Talensac" },
    { "Brocéliande Communauté", "35", "broceliande-communaute.bzh",
      "*Plélan-le-Grand|Paimpont|Bréal-sous-Montfort|Treffendel" },
    { "Vallons de Haute-Bretagne Communauté", "35", "vallonsdehautebretagne.fr",
      "*Guichen|Guignen|Lohéac|Val d'Anast|Bourg-des-Comptes" },
    { "Bretagne Porte de Loire Communauté", "35", "bretagneportedeloire.fr",
      "*Bain-de-Bretagne|Grand-Fougeray|Le Sel-de-Bretagne|Pléchâtel" },
    { "Roche aux Fées Communauté", "35", "rafcom.bzh",
      "*Janzé|Retiers|Martigné-Ferchaud|Essé" },
    { "Pays de Châteaugiron Communauté", "35", "pays-chateaugiron.bzh",
      "*Châteaugiron|Noyal-sur-Vilaine|Domloup|Servon-sur-Vilaine" },
    /* Morbihan */
    { "Lorient Agglomération", "56", "lorient-agglo.bzh",
      "*Lorient|Lanester|*Plœmeur|*Hennebont|Larmor-Plage|Quéven|Guidel|Caudan|Port-Louis|"
      "Inzinzac-Lochrist" },
    { "Golfe du Morbihan - Vannes Agglomération", "56", "golfedumorbihan-vannesagglomeration.bzh",
      "*Vannes|Séné|Saint-Avé|Arradon|Theix-Noyalo|Ploeren|Sarzeau|Elven|Île-aux-Moines" },
    { "Auray Quiberon Terre Atlantique", "56", "auray-quiberon.fr",
      "*Auray|Quiberon|Carnac|*Locmariaquer|La Trinité-sur-Mer|Pluvigner|Crac'h|Plouharnel" },
    { "Pontivy Communauté", "56", "pontivy-communaute.bzh",
      "*Pontivy|Noyal-Pontivy|Cléguérec|Rohan|Neulliac" },
    { "Ploërmel Communauté", "56", "ploermelcommunaute.bzh",
      "*Ploërmel|*Josselin|Mauron|Taupont|La Trinité-Porhoët" },
    { "Centre Morbihan Communauté", "56", "cmc.bzh",
      "*Locminé|Baud|Moréac|Saint-Jean-Brévelay" },
    { "Questembert Communauté", "56", "questembert-communaute.fr",
      "*Questembert|Malansac|Rochefort-en-Terre|Pluherlin" },
    { "Arc Sud Bretagne", "56", "arcsudbretagne.fr",
      "*Muzillac|Damgan|La Roche-Bernard|Ambon|Nivillac" },
    { "Blavet Bellevue Océan Communauté", "56", "bbo.bzh",
      "*Plouhinec|Kervignac|Merlevenez|Nostang|Sainte-Hélène" },
    { "Communauté de communes de Belle-Île-en-Mer", "56", "ccbi.fr",
      "*Le Palais|Bangor|Sauzon|Locmaria" },
    { "Roi Morvan Communauté", "56", "roimorvancommunaute.bzh",
      "*Gourin|Le Faouët|Guémené-sur-Scorff|Langonnet" },
    { "De l'Oust à Brocéliande Communauté", "56", "oust-broceliande.bzh",
      "*Malestroit|La Gacilly|Guer|Carentoir|Sérent" },
};
DEFINE_COUNT(demo_epcis);

const char *const demo_first_names[] = {
    "Yann", "Erwan", "Gwenaël", "Loïc", "Ronan", "Tanguy", "Goulven", "Corentin", "Maël",
    "Mathieu", "Nicolas", "Julien", "Thomas", "Pierre", "Jean-Yves", "Jean-Pierre", "Hervé",
    "Christophe", "Stéphane", "Philippe", "Olivier", "Sébastien", "Frédéric", "Alain",
    "Bruno", "François", "Guillaume", "Gaël", "Benoît", "Jérôme", "Maëlle", "Nolwenn",
    "Gwenaëlle", "Soizic", "Anne", "Anne-Laure", "Marie", "Marie-Christine", "Catherine",
    "Sophie", "Isabelle", "Nathalie", "Sandrine", "Valérie", "Céline", "Élodie", "Aurélie",
    "Émilie", "Claire", "Morgane", "Katell", "Awena", "Léa", "Chloé", "Hélène", "Françoise",
    "Brigitte", "Martine", "Laëtitia", "Solenn", "Armelle", "Typhaine", "Gaëlle", "Rozenn",
};
DEFINE_COUNT(demo_first_names);

const char *const demo_last_names[] = {
    "Le Gall", "Le Goff", "Le Guen", "Le Bihan", "Le Roux", "Le Meur", "Le Corre",
    "Le Floc'h", "Le Bris", "Le Moal", "Le Borgne", "Le Coz", "Le Berre", "Le Gac", "Le Hir",
    "Le Page", "Quéré", "Kerbrat", "Kerhervé", "Kervella", "Kerdraon", "Morvan", "Tanguy",
    "Guillou", "Jaouen", "Riou", "Cariou", "Prigent", "Hamon", "Nédélec", "Gourmelen",
    "Larvor", "Salaün", "Pennec", "Bourhis", "Caradec", "Abgrall", "Lozac'h", "Madec",
    "Toullec", "Cloarec", "Bescond", "Daniel", "Thomas", "Martin", "Bernard", "Petit",
    "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel",
    "Lefebvre", "Rolland", "Gauthier", "Perrin", "Hervé", "Even", "Colin", "Guéguen",
    "Guézennec", "L'Hostis", "L'Hénaff", "Lévêque", "Ollivier", "Boëdec", "Jégou",
    "Kerouédan", "Le Dréau",
};
DEFINE_COUNT(demo_last_names);

const char *const demo_services[] = {
    "salle régionale des marchés", "tiers de télétransmission", "parapheur électronique",
    "archivage électronique", "open data", "certificats électroniques",
};
DEFINE_COUNT(demo_services);

#define S(kind, pole, w, subj, body, act, pct, prov, prio) \
    { IKIND_##kind, POLE_##pole, (w), (subj), (body), (act), (pct), (prov), (prio) }
const struct demo_scenario demo_scenarios[] = {
    S(CALL_IN, SUPPORT, 14, "Mot de passe perdu sur la salle des marchés",
      "{c} ne parvient plus à se connecter.\nMot de passe réinitialisé pendant l'appel.",
      "Vérifier le compte de {c} sur la salle des marchés", 8, PROV_NONE, 3),
    S(CALL_IN, SUPPORT, 5, "Mot de passe perdu sur le tiers de télétransmission",
      "Compte bloqué après trois essais.", "Débloquer le compte de télétransmission", 15,
      PROV_NONE, 3),
    S(EMAIL_IN, SUPPORT, 10, "Certificat électronique expiré",
      "Le certificat de signature de {c} a expiré le {d}.\n"
      "Le parapheur refuse la signature des délibérations.",
      "Commander un nouveau certificat pour {c}", 60, PROV_CERTS, 2),
    S(EMAIL_OUT, SUPPORT, 5, "Relance : certificat arrivant à expiration",
      "Le certificat de {c} expire le {d}.\nMerci de lancer la demande de renouvellement.",
      NULL, 0, PROV_NONE, 3),
    S(INCIDENT, SUPPORT, 8, "Acte rejeté par la préfecture",
      "Rejet de l'acte transmis le {d} : nomenclature incorrecte.\n"
      "La collectivité demande de l'aide pour le retransmettre.",
      "Analyser le rejet de l'acte et rappeler {c}", 45, PROV_NONE, 2),
    S(CALL_IN, SUPPORT, 9, "Question sur la publication d'un appel d'offres",
      "Marché à procédure adaptée : choix des supports de publication.\n"
      "Explications données sur la salle des marchés.",
      "Envoyer le guide de publication à {c}", 20, PROV_NONE, 4),
    S(INCIDENT, SERVICES, 5, "Erreur de format au versement dans le SAE",
      "Le bordereau de versement est refusé : fichiers non conformes (PDF non PDF/A).",
      "Corriger le profil d'archivage de {m}", 60, PROV_ARCHIVES, 2),
    S(INCIDENT, SERVICES, 3, "Flux comptables rejetés par la trésorerie",
      "Flux PES rejetés : erreur de signature du bordereau.",
      "Contrôler le paramétrage des flux comptables", 55, PROV_NONE, 2),
    S(INCIDENT, SERVICES, 2, "Salle des marchés indisponible",
      "Impossible de déposer une offre depuis ce matin.\n"
      "Plusieurs entreprises ont appelé la collectivité.",
      "Escalader l'incident à l'éditeur de la salle des marchés", 90, PROV_MARCHES, 1),
    S(MEETING, DEV, 4, "Réunion de déploiement : {s}",
      "Présents : {c}, le DGS et le DSI.\nPlanning de déploiement validé.",
      "Envoyer le compte rendu de la réunion de déploiement", 70, PROV_NONE, 3),
    S(KEY_EVENT, ADMIN, 3, "{a} signée", "Délibération reçue, convention enregistrée.",
      "Ouvrir les accès aux services pour {m}", 40, PROV_NONE, 3),
    S(KEY_EVENT, SUPPORT, 3, "Référent nommé : {c}", NULL, NULL, 0, PROV_NONE, 3),
    S(TRAINING, SUPPORT, 5, "Session de formation : {s}",
      "Formation dispensée avec le GRETA.\n{n} agents présents.",
      "Envoyer les supports de formation", 30, PROV_NONE, 4),
    S(TRAINING, SUPPORT, 2, "Webinaire : {s}", "Webinaire suivi par {n} agents.", NULL, 0,
      PROV_NONE, 4),
    S(KEY_EVENT, SERVICES, 3, "Première utilisation : {s}", NULL, NULL, 0, PROV_NONE, 4),
    S(REQUEST, DEV, 4, "Demande d'accès au service : {s}",
      "Demande transmise par {c} après délibération.",
      "Ouvrir les accès : {s}", 70, PROV_NONE, 3),
    S(REQUEST, SUPPORT, 2, "Question juridique sur un marché",
      "La collectivité demande un avis juridique.\n"
      "Le syndicat ne répond pas aux questions juridiques.",
      "Réorienter vers le centre d'information juridique", 80, PROV_NONE, 4),
    S(CALL_OUT, SUPPORT, 5, "Appel de suivi après formation",
      "Retour positif.\nQuelques questions sur le paramétrage.",
      "Planifier un accompagnement complémentaire", 10, PROV_NONE, 4),
    S(REQUEST, DEV, 3, "Demande d'information sur le bouquet de services", NULL,
      "Envoyer la présentation du bouquet de services", 60, PROV_NONE, 3),
    S(EMAIL_IN, ADMIN, 2, "Réclamation : délai de réponse du support",
      "{c} attend une réponse depuis plus d'une semaine.",
      "Répondre à la réclamation de {m}", 70, PROV_NONE, 2),
    S(EMAIL_IN, SUPPORT, 3, "Retour de satisfaction sur l'accompagnement",
      "Merci pour la réactivité de l'équipe.", NULL, 0, PROV_NONE, 4),
    S(CALL_IN, SERVICES, 6, "Paramétrage des circuits du parapheur",
      "Ajout d'un signataire (adjoint aux finances).",
      "Mettre à jour le circuit de validation de {m}", 35, PROV_NONE, 3),
    S(REQUEST, SERVICES, 2, "Publication automatique des actes en open data", NULL,
      "Activer la publication open data pour {m}", 60, PROV_NONE, 3),
    S(MEETING, ADMIN, 2, "Point annuel avec la direction générale",
      "Bilan de l'usage des services.\nBesoins pour l'année à venir.",
      "Préparer le bilan d'usage annuel de {m}", 50, PROV_NONE, 3),
    S(EMAIL_OUT, ADMIN, 3, "Envoi de l'appel de cotisation",
      "Appel de cotisation envoyé au service des finances.", NULL, 0, PROV_NONE, 4),
    S(EMAIL_IN, ADMIN, 3, "Changement de DGS",
      "Le nouveau DGS prend ses fonctions le {d}.",
      "Mettre à jour les contacts de {m}", 60, PROV_NONE, 4),
    S(MEETING, DEV, 1, "Journée des adhérents",
      "Participation de la collectivité à la journée annuelle des adhérents.", NULL, 0,
      PROV_NONE, 4),
    S(CALL_IN, SERVICES, 3, "Certificat non reconnu par le parapheur",
      "Le certificat installé n'apparaît pas dans le parapheur.",
      "Vérifier l'installation du certificat de {c}", 40, PROV_CERTS, 3),
};
#undef S
DEFINE_COUNT(demo_scenarios);

const char *const demo_extra_lines[] = {
    "Rappel prévu en fin de semaine.",
    "Capture d'écran reçue par courriel.",
    "À signaler en réunion d'équipe.",
    "Déjà signalé le mois dernier.",
    "Voir aussi le guide utilisateur en ligne.",
    "Le DGS est en copie.",
};
DEFINE_COUNT(demo_extra_lines);

const char *const demo_note_bodies[] = {
    "Relancé par téléphone, en attente de retour.",
    "Ticket ouvert chez le prestataire.",
    "Le DGS confirme la demande par courriel.",
    "Correctif appliqué, à vérifier avec la collectivité.",
    "Rendez-vous fixé la semaine prochaine.",
    "Devis transmis au service des finances.",
    "La collectivité a renvoyé les pièces demandées.",
    "Point fait en réunion d'équipe.",
    "En attente du retour de l'éditeur.",
    "Message laissé au secrétariat de mairie.",
    "Procédure envoyée par courriel, avec captures d'écran.",
    "Le prestataire annonce une correction dans la prochaine version.",
};
DEFINE_COUNT(demo_note_bodies);

const char *const demo_standalone_actions[] = {
    "Relancer la signature de la convention de {m}",
    "Mettre à jour la liste des référents de {m}",
    "Vérifier la facturation de {m}",
    "Organiser une formation sur site pour {m}",
    "Recenser les certificats arrivant à échéance chez {m}",
    "Présenter le service {s} à {m}",
};
DEFINE_COUNT(demo_standalone_actions);

/* Given to the login that runs `suivi demo`, so that "mine" is never empty. */
const char *const demo_my_actions[] = {
    "Préparer la journée des adhérents",
    "Relire le guide de l'archivage électronique",
    "Rappeler {c} au sujet du service {s}",
    "Mettre à jour la liste des référents de {m}",
    "Planifier une formation ({s}) pour {m}",
    "Faire le point sur les certificats de {m}",
};
DEFINE_COUNT(demo_my_actions);

/* How an action ended, written when it was closed. */
const char *const demo_resolutions[] = {
    "Certificat renouvelé et installé sur le poste de la mairie.",
    "Correctif livré par l'éditeur, vérifié avec la collectivité.",
    "Compte réactivé, mot de passe transmis au référent.",
    "Formation faite sur site, support envoyé par courriel.",
    "Convention signée et renvoyée au syndicat.",
    "Paramétrage corrigé ; les actes partent de nouveau en préfecture.",
    "Réponse apportée par téléphone, la collectivité confirme.",
    "Pièces reçues et classées dans le dossier d'adhésion.",
};
DEFINE_COUNT(demo_resolutions);

const char *const demo_cancellations[] = {
    "Demande retirée par la collectivité.",
    "Doublon d'une autre action.",
    "Sans objet après la mise à jour de la plateforme.",
};
DEFINE_COUNT(demo_cancellations);

/* What is said when an action changes hands or waits on someone. */
const char *const demo_status_comments[] = {
    "Pris en charge.",
    "Transmis au prestataire, ticket ouvert.",
    "En attente des pièces de la collectivité.",
    "Relancé ; on attend le retour.",
};
DEFINE_COUNT(demo_status_comments);

const char *demo_roles_of(enum member_kind kind)
{
    switch (kind) {
    case MEMBER_COMMUNE:
        return "Secrétaire de mairie|Maire|Adjoint au maire|DGS|"
               "Responsable commande publique|Archiviste";
    case MEMBER_EPCI:
        return "DGS|DSI|Président|Vice-président|Responsable commande publique|"
               "Archiviste|Directeur des finances|Correspondant parapheur";
    case MEMBER_REGION:
    case MEMBER_DEPARTEMENT:
        return "DGS|DSI|Vice-président|Archiviste|Responsable commande publique|"
               "Directeur des finances|Correspondant open data";
    case MEMBER_HOSPITAL:
        return "Directeur|DSI|Responsable des achats|Archiviste";
    case MEMBER_CCAS:
        return "Directeur|Secrétaire|Responsable administratif";
    default:
        return "Directeur|Responsable administratif|DSI|Responsable commande publique";
    }
}
