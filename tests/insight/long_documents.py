"""Long contributions written by hand for the tests and the benchmark: each opens with a title page, a table of
contents or a salutation and generic remarks, and discusses one issue only further down (its `body`).

Each entry: (id, language, cluster, issue, text, body). The excerpt for the issue should come from `body`.
"""

from __future__ import annotations

_EN_BODY = (
    "Unsolicited bulk email now makes up more than two thirds of the messages that our members' mail servers "
    "receive. Most of it is sent from hijacked home computers abroad, and the addresses are harvested from web "
    "pages and sold in lists. Small providers in developing countries pay for the bandwidth this junk consumes on "
    "expensive international links, and they must buy filtering software that they can hardly afford. Legitimate "
    "messages are lost in quarantine folders, and users stop trusting electronic mail altogether. National "
    "anti-spam laws exist in some countries but cannot reach senders in other jurisdictions, so enforcement "
    "authorities need a way to cooperate across borders and to share evidence about the senders. We ask the "
    "Working Group to recommend a common minimum standard for opt-in consent to commercial messages and a network "
    "of contact points among regulators to act against the senders."
)

_EN = f"""CONTRIBUTION TO THE WORKING GROUP ON INTERNET GOVERNANCE
Submitted by the Association of Internet Service Providers of the Eastern Region
Geneva, 14 March 2005
Ref. AISP/2005/017

Table of Contents
1. Introduction ........................ 2
2. Our members ......................... 2
3. The problem we face ................. 3
4. Recommendations ..................... 5

Dear Chair,
Dear members of the Working Group,

We thank the Working Group for the opportunity to submit our views, and we welcome the open and inclusive way in
which the consultation has been organised. Our association brings together more than one hundred and forty
companies, from very small rural operators to national carriers. Our members have followed the work of the Group
with great interest since the first meeting and have discussed this paper at their annual assembly.
In what follows we set out the single matter that concerns our members most at present, and we propose practical
steps.

{_EN_BODY}

We remain at the disposal of the Working Group for any further information, and we would be pleased to present
these views at the next open consultation.

Yours sincerely,
Secretary-General
"""

_FR_BODY = (
    "Les administrations publiques de notre pays dépensent chaque année des sommes considérables en licences de "
    "logiciels propriétaires, alors que des programmes libres de qualité équivalente existent pour la bureautique, "
    "la messagerie et la gestion des serveurs. Le code source ouvert permet aux informaticiens locaux de les adapter "
    "à nos langues et à nos besoins, de corriger eux-mêmes les failles et de former de nouveaux développeurs dans "
    "les universités. Les écoles pourraient équiper leurs salles informatiques sans payer de redevances. Nous "
    "demandons que les marchés publics ne soient plus réservés à un seul éditeur, que les formats de documents "
    "soient ouverts et que les États mettent en commun les logiciels libres qu'ils développent."
)

_FR = f"""CONTRIBUTION AU GROUPE DE TRAVAIL SUR LA GOUVERNANCE DE L'INTERNET
Présentée par le Réseau des associations numériques d'Afrique de l'Ouest
Dakar, le 2 avril 2005

Sommaire
1. Présentation du réseau ............. 1
2. Constat ............................ 2
3. Propositions ....................... 3

Monsieur le Président,
Mesdames et Messieurs les membres du Groupe de travail,

Nous vous remercions de l'occasion qui nous est donnée de participer à cette consultation ouverte. Notre réseau
réunit une trentaine d'associations de dix pays, qui travaillent depuis plusieurs années avec les collectivités,
les écoles et les entreprises de la région. Ce document a été préparé collectivement lors de notre rencontre
annuelle, et il reflète les discussions de nos membres.

{_FR_BODY}

Nous restons à la disposition du Groupe de travail pour tout complément d'information.

Veuillez agréer, Monsieur le Président, l'expression de notre haute considération.
Le coordinateur du réseau
"""

_ES_BODY = (
    "Las empresas recopilan sin nuestro consentimiento enormes cantidades de datos personales: lo que leemos, lo "
    "que compramos, dónde estamos y con quién hablamos. Esos perfiles se venden a terceros y se cruzan con otras "
    "bases de datos, y el ciudadano no sabe quién guarda su información ni puede pedir que se borre. Muchos países "
    "de nuestra región todavía no tienen una ley de protección de datos ni una autoridad independiente que la haga "
    "cumplir, y los datos viajan a servidores en el extranjero donde nadie responde por ellos. Pedimos al Grupo de "
    "Trabajo que recomiende principios comunes sobre la vida privada en línea: consentimiento previo e informado, "
    "derecho de acceso y de rectificación, límites a la vigilancia y garantías cuando los datos cruzan fronteras."
)

_ES = f"""APORTE AL GRUPO DE TRABAJO SOBRE LA GOBERNANZA DE INTERNET
Presentado por la Coalición Ciudadana por los Derechos Digitales
Montevideo, 20 de abril de 2005

Índice
1. Quiénes somos ...................... 1
2. Diagnóstico ........................ 2
3. Recomendaciones .................... 4

Estimados miembros del Grupo de Trabajo:

Agradecemos la oportunidad de participar en esta consulta pública y felicitamos al Grupo por la apertura del
proceso. Nuestra coalición reúne a organizaciones de doce países de América Latina y el Caribe, entre ellas
asociaciones de usuarios, universidades y colectivos de periodistas. Este documento resume las conclusiones de
nuestro último encuentro regional, celebrado en marzo.

{_ES_BODY}

Quedamos a disposición del Grupo de Trabajo para ampliar cualquiera de estos puntos.

Atentamente,
La Coordinación de la Coalición
"""

_RU_BODY = (
    "Большинство корневых серверов системы доменных имён расположено в одной стране, а в нашем регионе нет ни "
    "одной их копии. Из-за этого запросы к корневой зоне проходят через дорогие международные каналы, ответы "
    "приходят медленно, а при обрыве кабеля пользователи теряют доступ даже к национальным сайтам. Операторы "
    "корневых серверов работают на основе добровольных договорённостей, и правительства не знают, кто и на каких "
    "условиях отвечает за эту систему. Мы предлагаем разместить зеркальные копии корневых серверов по технологии "
    "anycast в Центральной Азии и на Кавказе и опубликовать правила, по которым работают операторы корневых серверов."
)

_RU = f"""ВКЛАД В РАБОТУ РАБОЧЕЙ ГРУППЫ ПО УПРАВЛЕНИЮ ИНТЕРНЕТОМ
Представлено Ассоциацией операторов связи Центральной Азии
Алматы, 5 мая 2005 года

Содержание
1. Введение ........................... 1
2. Проблема ........................... 2
3. Предложения ........................ 3

Уважаемый господин Председатель,
уважаемые члены Рабочей группы!

Благодарим Рабочую группу за возможность представить нашу позицию и приветствуем открытый характер
консультаций. Наша ассоциация объединяет более шестидесяти компаний из пяти государств региона. Настоящий
документ подготовлен по итогам обсуждения на ежегодном собрании членов ассоциации.

{_RU_BODY}

Мы готовы предоставить Рабочей группе любую дополнительную информацию.

С уважением,
Исполнительный директор ассоциации
"""

_ZH_BODY = (
    "在许多农村地区，妇女上网的机会远远少于男子。她们往往负担不起上网费用，缺乏使用电脑的培训，而且家庭和社会"
    "对女性使用互联网仍有偏见。网上针对妇女的骚扰也使很多人不敢发表意见。我们建议各国在制定信息社会政策时考虑"
    "性别平等，为农村妇女和女童开设免费的计算机培训课程，收集按性别分列的统计数据，并支持妇女组织参与互联网治理"
    "的讨论和决策。女性在技术岗位和互联网管理机构中所占比例很低，应当鼓励更多女大学生学习工程和计算机专业，并在"
    "相关机构中为女性提供平等的晋升机会。"
)

_ZH = f"""关于互联网治理工作组的意见书
提交单位：亚洲妇女信息网络
2005年5月18日，北京

目录
一、简介 ............................ 1
二、问题 ............................ 2
三、建议 ............................ 3

尊敬的主席先生，尊敬的工作组各位成员：

感谢工作组给予我们参与本次公开磋商的机会，我们高度赞赏工作组以开放、透明和包容的方式组织这一进程。我们的网络由亚洲十一个国家的四十多个民间组织组成，多年来一直在社区、学校和图书馆开展工作。本意见书是在我们年度会议上集体讨论后形成的，反映了各成员组织的共同看法。在下文中，我们首先说明我们最关心的问题，然后提出若干具体建议，供工作组在起草报告时参考。

{_ZH_BODY}

我们愿意随时向工作组提供进一步的资料。

此致
敬礼
亚洲妇女信息网络秘书处
"""

LONG_DOCUMENTS: list[tuple[str, str, int, str, str, str]] = [
    ("long-en-spam", "en", 2, "spam", _EN, _EN_BODY),
    ("long-fr-oss", "fr", 4, "open-source", _FR, _FR_BODY),
    ("long-es-privacy", "es", 3, "privacy", _ES, _ES_BODY),
    ("long-ru-root", "ru", 1, "root-servers", _RU, _RU_BODY),
    ("long-zh-gender", "zh", 4, "gender", _ZH, _ZH_BODY),
]
